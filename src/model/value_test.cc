#include "model/value.h"

#include <gtest/gtest.h>

#include "render/json_writer.h"

namespace recipes {

TEST(ObjectItems, IndexKeysComeFirstInNumericOrder) {
  ObjectItems o;
  o.Set("b", Value::Number(1));
  o.Set("10", Value::Number(2));
  o.Set("a", Value::Number(3));
  o.Set("8", Value::Number(4));
  o.Set("08", Value::Number(5));
  o.Set("b", Value::Number(6));  // replacing keeps the place
  EXPECT_EQ(ToJson(Value::Object(o), 0), R"({"8":4,"10":2,"b":6,"a":3,"08":5})");
}

TEST(FormatJsNumber, MatchesJavaScript) {
  EXPECT_EQ(FormatJsNumber(1.0), "1");
  EXPECT_EQ(FormatJsNumber(0.95), "0.95");
  EXPECT_EQ(FormatJsNumber(-0.0), "0");
  EXPECT_EQ(FormatJsNumber(1e21), "1e+21");
  EXPECT_EQ(FormatJsNumber(1e20), "100000000000000000000");
  EXPECT_EQ(FormatJsNumber(1e-7), "1e-7");
  EXPECT_EQ(FormatJsNumber(0.000001), "0.000001");
  EXPECT_EQ(FormatJsNumber(123.456), "123.456");
  EXPECT_EQ(FormatJsNumber(1.5e300), "1.5e+300");
  EXPECT_EQ(FormatJsNumber(-42), "-42");
}

TEST(Value, TruthinessFollowsJavaScript) {
  EXPECT_FALSE(Value::Null().Truthy());
  EXPECT_FALSE(Value::Number(0).Truthy());
  EXPECT_FALSE(Value::String("").Truthy());
  EXPECT_TRUE(Value::String("0").Truthy());
  EXPECT_TRUE(Value::Array({}).Truthy());
  EXPECT_TRUE(Value::Object({}).Truthy());
}

}  // namespace recipes
