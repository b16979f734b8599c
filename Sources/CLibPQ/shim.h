#ifndef ORMSCOPE_CLIBPQ_SHIM_H
#define ORMSCOPE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
