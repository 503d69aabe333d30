#include "render/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "parse/json_reader.h"

namespace recipes {

TEST(JsonWriter, StringifiesLikeJavaScript) {
  ObjectItems o;
  o.Set("s", Value::String("a\"b\\c\n\x01 — /"));
  o.Set("empty_list", Value::Array({}));
  o.Set("empty_map", Value::Object({}));
  o.Set("list", Value::Array({Value::Number(1), Value::Null(), Value::Bool(true)}));
  o.Set("nan", Value::Number(NAN));
  o.Set("date", Value::Date(1781222400000.0));
  EXPECT_EQ(ToJson(Value::Object(o)),
            "{\n  \"s\": \"a\\\"b\\\\c\\n\\u0001 — /\",\n  \"empty_list\": [],\n  \"empty_map\": {},\n"
            "  \"list\": [\n    1,\n    null,\n    true\n  ],\n  \"nan\": null,\n  \"date\": \"2026-06-12\"\n}");
}

TEST(JsonReader, RoundTrips) {
  std::string text = R"({"a":[1,2.5,"x\u00e9\ud83d\ude00"],"b":{"c":null,"d":false}})";
  Value v;
  std::string err;
  ASSERT_TRUE(ParseJson(text, &v, &err)) << err;
  EXPECT_EQ(ToJson(v, 0), "{\"a\":[1,2.5,\"xé😀\"],\"b\":{\"c\":null,\"d\":false}}");
  EXPECT_FALSE(ParseJson("{\"a\":}", &v, &err));
  EXPECT_FALSE(ParseJson("[1,2", &v, &err));
}

}  // namespace recipes
