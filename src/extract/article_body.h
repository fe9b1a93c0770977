// The last resort for pages whose markup hides the article (rendered by script, split into
// fragments): the JSON-LD articleBody that many publishers embed for search engines.
#pragma once

#include "extract/content.h"
#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::extract {

// When the page's JSON-LD articleBody is much longer than what detection found (`found_chars`, in
// Counts::chars units) and longer than a short article, appends its paragraphs to `body` as a new
// <div> of <p>s and makes that the article root, with a note. Otherwise leaves *article as is.
// Needs the ld+json scripts to still be in the tree. Cost: one walk plus the JSON parsing.
void use_article_body_if_better(html::Dom* dom, html::NodeId body, float found_chars, Article* article);

// On a product page (metadata.page_type "product"), when the JSON-LD Product's description is a
// real paragraph and the article does not hold it (shops often render it by script), adds it at
// the end of the article root as a <p>, with a note. Cost: one walk of the article plus the JSON.
void add_product_description(html::Dom* dom, const Metadata& metadata, Article* article);

}  // namespace winnow::extract
