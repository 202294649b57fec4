/* jixiao — workbook grids: lookups shared by the container readers. */
#include "jixiao/workbook.h"
