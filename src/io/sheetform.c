/* jixiao — finding the form in a worksheet by its labels. */
#include "jixiao/workbook.h"
