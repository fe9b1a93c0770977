// What an element's class, id and role say about it: the signals every detector since arc90's
// Readability has used, in any language (class names are mostly English even on Chinese pages).
#pragma once

#include "html/dom.h"

namespace winnow::extract {

// +25 for a class that names content (article, body, content, entry, main, post, story, text...),
// -25 for one that names junk (comment, footer, sidebar, promo, related, share, sponsor, widget...);
// the same again for the id. Cost: its class and id attributes.
int class_weight(const html::Dom& dom, html::NodeId id);

// True for an element that is almost surely not the article: a class or id naming junk (banner,
// comment, footer, menu, related, sidebar, social...) and none naming content, or an ARIA role of
// navigation, menu, complementary, alert or dialog.
bool is_unlikely(const html::Dom& dom, html::NodeId id);

// True for an element whose class or id names a share row ("share", "sharedaddy").
bool is_share(const html::Dom& dom, html::NodeId id);

// True for an element a browser would not show: hidden attribute, aria-hidden=true, or an inline
// style with display:none or visibility:hidden.
bool is_hidden(const html::Dom& dom, html::NodeId id);

}  // namespace winnow::extract
