/* The one declaration of pthreadpool that <xnnpack.h> needs. Debian's libxnnpack-dev
 * does not ship pthreadpool.h; actfn_compare always passes a NULL threadpool (one
 * thread), so the opaque handle type is enough. Used only when CMake finds no real
 * pthreadpool.h. SPDX-License-Identifier: MIT */
#ifndef ACTFN_PEERS_COMPAT_PTHREADPOOL_H
#define ACTFN_PEERS_COMPAT_PTHREADPOOL_H
typedef struct pthreadpool* pthreadpool_t;
#endif
