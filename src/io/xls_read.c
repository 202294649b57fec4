/* jixiao — legacy .xls reader (freexl). */
#include "jixiao/workbook.h"
