#pragma once
// Lock rules the compiler checks. With clang, -Wthread-safety (cmake/HoistFlags.cmake) turns
// these attributes into errors at compile time: a GUARDED_BY field touched without its mutex
// held, a REQUIRES function called without it, a lock taken twice or never released. Other
// compilers see nothing. The locks themselves are base::Mutex and base::MutexLock (mutex.h);
// std::mutex carries no attributes in libstdc++, so the analysis cannot see through it.
//
//   base::Mutex mutex_;
//   std::vector<Job> jobs_ GUARDED_BY(mutex_);
//   void drop_locked() REQUIRES(mutex_);

#if defined(__clang__)
#define HOIST_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define HOIST_THREAD_ANNOTATION(x)
#endif

// On a class: objects of it are locks ("mutex" names the kind in messages).
#define CAPABILITY(x) HOIST_THREAD_ANNOTATION(capability(x))
// On a class: an RAII holder of a lock (acquires in its constructor, releases in its destructor).
#define SCOPED_CAPABILITY HOIST_THREAD_ANNOTATION(scoped_lockable)
// On a field: read or written only with the lock held.
#define GUARDED_BY(x) HOIST_THREAD_ANNOTATION(guarded_by(x))
// On a pointer field: what it points to is read or written only with the lock held.
#define PT_GUARDED_BY(x) HOIST_THREAD_ANNOTATION(pt_guarded_by(x))
// On a function: callers must hold the lock (and it is still held on return).
#define REQUIRES(...) HOIST_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// On a function: callers must not hold the lock (the function takes it).
#define EXCLUDES(...) HOIST_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// On a function: it takes / lets go of the lock (or of `this`, on a lock's own methods).
#define ACQUIRE(...) HOIST_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) HOIST_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// On a function: after it returns, the analysis takes the lock as held (the function vouches
// for it; base::Mutex::assert_held() checks nothing at run time).
#define ASSERT_CAPABILITY(x) HOIST_THREAD_ANNOTATION(assert_capability(x))
