/* jixiao — pdf_write. */
#include "jixiao/report.h"
