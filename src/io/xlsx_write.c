/* jixiao — the official form as .xlsx (libxlsxwriter). */
#include "jixiao/xlsx.h"
