/* jixiao — docx_write. */
#include "jixiao/report.h"
