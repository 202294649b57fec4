/* jixiao — .xlsx container reader (libzip + expat). */
#include "jixiao/workbook.h"
