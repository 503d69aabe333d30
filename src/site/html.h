// Small text helpers for the website: HTML escaping and URL encoding.
#ifndef RECIPES_SITE_HTML_H_
#define RECIPES_SITE_HTML_H_

#include <optional>
#include <string>
#include <string_view>

namespace recipes {

/// Escapes &, <, >, " and ' for use in element text and quoted attributes.
std::string HtmlEscape(std::string_view text);

/// Percent-encodes everything except unreserved characters (RFC 3986), like
/// JavaScript's encodeURIComponent minus its extra allowed marks.
std::string UrlEncode(std::string_view text);

/// Decodes %XX escapes (and '+' as space when `plus_is_space`). Returns
/// nullopt for a malformed escape or a decoded NUL byte.
std::optional<std::string> UrlDecode(std::string_view text, bool plus_is_space);

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

/// Escapes a string for a JSON string literal (quotes included).
std::string JsonQuote(std::string_view text);

/// ASCII lower case.
std::string AsciiLower(std::string_view text);

}  // namespace recipes

#endif  // RECIPES_SITE_HTML_H_
