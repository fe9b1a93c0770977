// Reading back the headers of a page kept by --save-html (fetch/save_html writes them): a saved
// page cleaned later is cleaned as if it had just been fetched (its URL picks the site rules, its
// Content-Type charset decodes it). Here in load/, not fetch/, because reading a saved page needs
// no network.
#pragma once

#include <string>

#include "winnow/winnow.h"

namespace winnow::load {

// What a headers file says (see fetch/save_html.h for its lines).
struct SavedHeaders {
  std::string url;           // the URL asked for: Requested-URL, or the final URL
  std::string final_url;     // the URL the body came from (URL)
  long status = 0;
  std::string content_type;  // media type, lower case, no parameters
  std::string charset;       // the Content-Type charset, lower case; empty: none
  std::string date;
};

// Reads the headers file at `path` into *out; unknown lines are ignored. Errors: those of
// read_file (kNotFound, kUnreadable...). Cost: one small file read.
Error read_saved_headers(const std::string& path, SavedHeaders* out);

}  // namespace winnow::load
