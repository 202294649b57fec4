/* jixiao — html. */
#include "jixiao/report.h"
