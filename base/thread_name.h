// Names the calling thread, as `top -H`, `ps -L` and debuggers show it, so that a user
// looking at a busy process sees which of hoist's threads is which.
#pragma once

#include <pthread.h>

namespace hoist::base {

// REQUIRES: `name` has at most 15 characters (the kernel's limit).
inline void name_this_thread(const char* name) { (void)pthread_setname_np(pthread_self(), name); }

}  // namespace hoist::base
