#include "sigv4/signing_key_cache.h"

#include <openssl/crypto.h>

namespace hoist::sigv4 {

SigningKeyCache::~SigningKeyCache() {
  for (Entry& entry : entries_) wipe(&entry);
}

void SigningKeyCache::wipe(Entry* entry) {
  OPENSSL_cleanse(entry->secret_access_key.data(), entry->secret_access_key.size());
  OPENSSL_cleanse(entry->key.data(), entry->key.size());
  entry->used = false;
}

SigningKey SigningKeyCache::get(const Credentials& credentials, std::string_view date,
                                const Scope& scope) {
  base::MutexLock lock(mutex_);
  ++clock_;
  Entry* victim = &entries_[0];
  for (Entry& entry : entries_) {
    if (entry.used && entry.date == date && entry.region == scope.region &&
        entry.service == scope.service && entry.access_key_id == credentials.access_key_id &&
        entry.secret_access_key == credentials.secret_access_key) {
      entry.last_use = clock_;
      return entry.key;
    }
    if (!entry.used || (victim->used && entry.last_use < victim->last_use)) victim = &entry;
  }
  // Deriving under the lock is fine: a miss happens about once a day per scope.
  ++derivations_;
  wipe(victim);
  victim->used = true;
  victim->last_use = clock_;
  victim->access_key_id = credentials.access_key_id;
  victim->secret_access_key = credentials.secret_access_key;
  victim->date = date;
  victim->region = scope.region;
  victim->service = scope.service;
  victim->key = signing_key(credentials.secret_access_key, date, scope.region, scope.service);
  return victim->key;
}

uint64_t SigningKeyCache::derivations() const {
  base::MutexLock lock(mutex_);
  return derivations_;
}

SigningKey signing_key(const Credentials& credentials, std::string_view date, const Scope& scope,
                       SigningKeyCache* cache) {
  if (cache != nullptr) return cache->get(credentials, date, scope);
  return signing_key(credentials.secret_access_key, date, scope.region, scope.service);
}

}  // namespace hoist::sigv4
