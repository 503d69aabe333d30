#include "site/http_range.h"

#include <gtest/gtest.h>

namespace recipes {
namespace {

HttpResponse Static(std::string body) {
  HttpResponse r = HttpResponse::Json(200, std::move(body));
  r.SetHeader("ETag", "\"abc\"");
  return r;
}

HttpRequest Ranged(std::string range, std::string if_range = "") {
  HttpRequest q;
  q.range = std::move(range);
  q.if_range = std::move(if_range);
  return q;
}

TEST(HttpRangeTest, ParsesOneRangeOnly) {
  ByteRange r;
  EXPECT_EQ(ParseSingleRange("bytes=0-10", 100, &r), RangeKind::kSingle);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 10u);
  EXPECT_EQ(ParseSingleRange("bytes=90-", 100, &r), RangeKind::kSingle);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.last, 99u);
  EXPECT_EQ(ParseSingleRange("bytes=-5", 100, &r), RangeKind::kSingle);
  EXPECT_EQ(r.first, 95u);
  EXPECT_EQ(ParseSingleRange("bytes=-500", 100, &r), RangeKind::kSingle);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(ParseSingleRange("bytes=50-5000", 100, &r), RangeKind::kSingle);
  EXPECT_EQ(r.last, 99u);
  EXPECT_EQ(ParseSingleRange("bytes=100-", 100, &r), RangeKind::kUnsatisfiable);
  EXPECT_EQ(ParseSingleRange("bytes=-0", 100, &r), RangeKind::kUnsatisfiable);
  for (const char* ignored : {"", "bytes=", "bytes=0-,0-", "bytes=0-1,5-6", "items=0-1", "bytes=5-1", "bytes=a-b",
                              "bytes=-", "bytes=99999999999999999999-"}) {
    EXPECT_EQ(ParseSingleRange(ignored, 100, &r), RangeKind::kNone) << ignored;
  }
}

TEST(HttpRangeTest, SingleRangeIs206WithContentRange) {
  HttpResponse r = Static("0123456789abcdef");
  ApplyRange(Ranged("bytes=0-3"), &r);
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "0123");
  ASSERT_NE(r.Header("Content-Range"), nullptr);
  EXPECT_EQ(*r.Header("Content-Range"), "bytes 0-3/16");
  EXPECT_EQ(*r.Header("Accept-Ranges"), "bytes");
}

TEST(HttpRangeTest, SeveralRangesOrAStaleIfRangeGetTheWholeBody) {
  std::string many = "bytes=0-";
  for (int i = 0; i < 2700; ++i) many += ",0-";
  for (const HttpRequest& q : {Ranged(many), Ranged("bytes=0-3", "\"other\""), Ranged("bytes=x")}) {
    HttpResponse r = Static("0123456789abcdef");
    ApplyRange(q, &r);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "0123456789abcdef");
    EXPECT_EQ(r.Header("Content-Range"), nullptr);
  }
  HttpResponse r = Static("0123456789abcdef");
  ApplyRange(Ranged("bytes=2-3", "\"abc\""), &r);
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "23");
}

TEST(HttpRangeTest, PastTheEndIs416) {
  HttpResponse r = Static("0123");
  ApplyRange(Ranged("bytes=10-20"), &r);
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(*r.Header("Content-Range"), "bytes */4");
}

TEST(HttpRangeTest, GzipAndDynamicAnswersAreNeverRanged) {
  HttpResponse gz = Static("gzipbytes");
  gz.gzipped = true;
  ApplyRange(Ranged("bytes=0-1"), &gz);
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.body, "gzipbytes");
  HttpResponse dynamic = HttpResponse::Json(200, "{}");  // no ETag
  ApplyRange(Ranged("bytes=0-0"), &dynamic);
  EXPECT_EQ(dynamic.status, 200);
  EXPECT_EQ(dynamic.body, "{}");
  HttpResponse missing = HttpResponse::Json(404, "nope");
  missing.SetHeader("ETag", "\"x\"");
  ApplyRange(Ranged("bytes=0-0"), &missing);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "nope");
}

}  // namespace
}  // namespace recipes
