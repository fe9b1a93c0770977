// Rendering the cleaned article as a standalone, well-formed HTML document.
#pragma once

#include <string>

#include "html/attribute_filter.h"
#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::write {

// A full document: <!DOCTYPE html>, <html lang> (metadata.language), a <head> with
// <meta charset="utf-8">, <title> and, when known, <link rel="canonical">, <meta name="author">
// and <meta name="description">, then <body><article>...</article></body>.
//
// The article is the subtree at `root` (its children when root is the document, html, body or an
// article; the element itself otherwise), serialised so that it reads the same away from its page:
// - script, style, noscript, template, iframe, object, embed, svg, audio/video, canvas, form
//   controls (input, button, select, textarea...) and <source> are dropped with their content;
// - span, font, center, form, label, picture and unknown (custom) elements are replaced by their
//   children, and so is an <a> without a followable href;
// - attributes are kept only when they carry meaning (href, src, alt, title, cite, colspan,
//   rowspan, headers, scope, abbr, datetime, lang, dir, start, reversed, type, value, span, open
//   and MathML's display/mathvariant/encoding); class, style, id, on* and data-* never survive;
// - <img src> is the image's real source (lazy-loading attributes and srcset, see links.h) and an
//   image without one is dropped; href, src and cite are absolute against metadata.url and the
//   page's <base href>; javascript: links lose their href;
// - text and attribute values are escaped (&amp; &lt; &gt; &quot;), void elements have no end tag,
//   every other element is closed, and a newline follows each block element's end tag (outside
//   <pre>, where a leading newline is doubled as HTML's parser drops one).
// With root kNoNode the article is empty. Ends with '\n'. Cost: linear in the subtree.
std::string render_html(const html::Dom& dom, html::NodeId root, const Metadata& metadata);

// Adds to *keep every attribute render_html reads.
void keep_html_attributes(html::AttributeFilter* keep);

// `text` with & < > escaped (and " when `attribute`), appended to *out.
void append_html_escaped(std::string* out, std::string_view text, bool attribute);

}  // namespace winnow::write
