#include "site/assets.h"

#include <gtest/gtest.h>

namespace recipes {
namespace {

TEST(MinifyCssTest, KeepsMeaning) {
  EXPECT_EQ(MinifyCss("/* c */\na , b  {\n  color : red;\n  width: calc(100% - 14px);\n}\n"),
            "a,b{color : red;width: calc(100% - 14px)}");
  EXPECT_EQ(MinifyCss(".x { background: url(\"data:a b;c\") }"), ".x{background: url(\"data:a b;c\")}");
  EXPECT_EQ(MinifyCss("a:hover .b > c{x:y}"), "a:hover .b > c{x:y}");
  EXPECT_EQ(MinifyCss("@media (min-width: 640px) { .a { b: c; } }"), "@media (min-width: 640px){.a{b: c}}");
  EXPECT_EQ(MinifyCss("a{content:'unterminated"), "a{content:'unterminated");
  EXPECT_EQ(MinifyCss("/* only a comment"), "");
}

TEST(AssetsTest, EmbeddedStylesheetAndScriptExist) {
  std::string_view css, js;
  ASSERT_TRUE(FindAsset("site.css", &css));
  ASSERT_TRUE(FindAsset("site.js", &js));
  EXPECT_NE(css.find("--brand-blue"), std::string_view::npos);
  EXPECT_LT(MinifyCss(css).size(), css.size());
  EXPECT_NE(AssetUrl("site.css").find("?v="), std::string::npos);
  EXPECT_EQ(MimeTypeFor("a.js"), "text/javascript; charset=utf-8");
}

}  // namespace
}  // namespace recipes
