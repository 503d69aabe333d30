// ByteLru: a thread-safe, sharded LRU map from string keys to immutable
// values, bounded by bytes rather than entries (each entry is charged its
// key, its value's reported size and a fixed overhead). Used for the
// /api/resolve answers and the on-demand JSON API, so memory follows the
// budget, not the traffic.
#ifndef RECIPES_SITE_BYTE_LRU_H_
#define RECIPES_SITE_BYTE_LRU_H_

#include <array>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace recipes {

template <typename V>
class ByteLru {
 public:
  static constexpr size_t kShards = 16;
  static constexpr size_t kEntryOverhead = 128;  // list node, map node, control block

  explicit ByteLru(size_t budget_bytes) : shard_budget_(budget_bytes / kShards) {}

  /// The value under `key`, or null; a hit becomes the most recent entry.
  std::shared_ptr<const V> Get(std::string_view key) {
    Shard& s = ShardFor(key);
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.index.find(std::string(key));
    if (it == s.index.end()) return nullptr;
    s.order.splice(s.order.begin(), s.order, it->second);
    return it->second->value;
  }

  /// Stores `value` (charged `size` bytes) under `key`, evicting the least
  /// recently used entries of its shard until the shard is within budget. A
  /// value larger than a shard's budget is not kept.
  void Put(std::string key, std::shared_ptr<const V> value, size_t size) {
    size_t charge = key.size() + size + kEntryOverhead;
    Shard& s = ShardFor(key);
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.index.find(key);
    if (it != s.index.end()) {
      s.bytes -= it->second->charge;
      s.order.erase(it->second);
      s.index.erase(it);
    }
    if (charge > shard_budget_) return;
    while (s.bytes + charge > shard_budget_ && !s.order.empty()) {
      Node& last = s.order.back();
      s.bytes -= last.charge;
      s.index.erase(last.key);
      s.order.pop_back();
    }
    s.order.push_front(Node{key, std::move(value), charge});
    s.index.emplace(std::move(key), s.order.begin());
    s.bytes += charge;
  }

  /// Bytes charged now (all shards).
  size_t bytes() const {
    size_t n = 0;
    for (const Shard& s : shards_) {
      std::lock_guard<std::mutex> lock(s.mu);
      n += s.bytes;
    }
    return n;
  }
  size_t entries() const {
    size_t n = 0;
    for (const Shard& s : shards_) {
      std::lock_guard<std::mutex> lock(s.mu);
      n += s.index.size();
    }
    return n;
  }
  size_t budget() const { return shard_budget_ * kShards; }

 private:
  struct Node {
    std::string key;
    std::shared_ptr<const V> value;
    size_t charge = 0;
  };
  struct Shard {
    mutable std::mutex mu;
    std::list<Node> order;  // most recent first
    std::unordered_map<std::string, typename std::list<Node>::iterator> index;
    size_t bytes = 0;
  };
  Shard& ShardFor(std::string_view key) { return shards_[std::hash<std::string_view>()(key) % kShards]; }

  size_t shard_budget_;
  std::array<Shard, kShards> shards_;
};

}  // namespace recipes

#endif  // RECIPES_SITE_BYTE_LRU_H_
