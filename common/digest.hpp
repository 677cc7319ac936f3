#pragma once
// SHA-256 (OpenSSL) for content hashes: uploads are recognised by the hash of
// their bytes, submissions by the hash of their answers.
#include <memory>
#include <string>
#include <string_view>

namespace syscensus::common {

/// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  /// Lower-case hex digest; the object cannot be updated afterwards.
  std::string hex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// `bytes` bytes from the system's secure random source, as base64url text.
std::string random_token(std::size_t bytes);

/// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace syscensus::common
