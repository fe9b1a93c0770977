// The Python module `winnow` (pybind11): clean(), Rules, read_warc(), Document, WarcRecord, Error.
// A thin layer over libwinnow: each call converts its arguments, releases the GIL for the work
// (cleaning, loading rules, reading a WARC file), and converts the result. See docs/scale.md.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "winnow/warc.h"
#include "winnow/winnow.h"
#include "write/json.h"

namespace py = pybind11;

namespace {

// winnow.Error: the exception every winnow failure raises. str(e) is winnow's one-line message;
// e.code its kind ("not_found", "rules", "corrupt"...: write::error_code_name).
PyObject* error_type = nullptr;

[[noreturn]] void raise(const winnow::Error& e) {
  py::object exc = py::reinterpret_borrow<py::object>(error_type)(e.message);
  exc.attr("code") = winnow::write::error_code_name(e.code);
  PyErr_SetObject(error_type, exc.ptr());
  throw py::error_already_set();
}

// A loaded rule set and the directories it came from (which is what a pickle carries).
struct PyRules {
  std::vector<std::string> dirs;
  winnow::Rules rules;
};

// Rules loaded in this process, by their directories: unpickling the same Rules again (Dask
// sends one with every task) reuses them instead of reading the directories again.
winnow::Rules load_cached(const std::vector<std::string>& dirs, bool use_cache) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, winnow::Rules>* cache = new std::map<std::vector<std::string>, winnow::Rules>;
  if (use_cache) {
    std::lock_guard lock(mutex);
    if (auto it = cache->find(dirs); it != cache->end()) return it->second;
  }
  winnow::Rules rules;
  winnow::Error e;
  {
    py::gil_scoped_release release;
    e = winnow::load_rules(dirs, &rules);
  }
  if (!e.ok()) raise(e);
  std::lock_guard lock(mutex);
  (*cache)[dirs] = rules;
  return rules;
}

std::vector<std::string> to_dirs(const py::object& dirs) {
  std::vector<std::string> out;
  if (dirs.is_none()) return out;
  py::module_ os = py::module_::import("os");
  if (py::isinstance<py::str>(dirs) || py::hasattr(dirs, "__fspath__")) {
    out.push_back(py::str(os.attr("fspath")(dirs)));
    return out;
  }
  for (py::handle d : dirs) out.push_back(py::str(os.attr("fspath")(d)));
  return out;
}

const PyRules& default_rules() {
  static PyRules* rules = [] {
    auto* r = new PyRules;
    r->rules = load_cached({}, true);
    return r;
  }();
  return *rules;
}

py::dict metadata_dict(const winnow::Metadata& m) {
  py::dict d;
  d["title"] = m.title;
  d["byline"] = m.byline;
  d["published"] = m.published;
  d["modified"] = m.modified;
  d["site_name"] = m.site_name;
  d["language"] = m.language;
  d["url"] = m.url;
  d["canonical_url"] = m.canonical_url;
  d["description"] = m.description;
  d["image"] = m.image;
  d["charset"] = m.charset;
  d["page_type"] = m.page_type;
  return d;
}

winnow::Metadata metadata_from(const py::dict& d) {
  winnow::Metadata m;
  auto get = [&](const char* key) { return d.contains(key) ? d[key].cast<std::string>() : std::string(); };
  m.title = get("title");
  m.byline = get("byline");
  m.published = get("published");
  m.modified = get("modified");
  m.site_name = get("site_name");
  m.language = get("language");
  m.url = get("url");
  m.canonical_url = get("canonical_url");
  m.description = get("description");
  m.image = get("image");
  m.charset = get("charset");
  m.page_type = get("page_type");
  return m;
}

winnow::Format parse_format(const std::string& name) {
  if (name == "text") return winnow::Format::kText;
  if (name == "markdown") return winnow::Format::kMarkdown;
  if (name == "json") return winnow::Format::kJson;
  if (name == "html") return winnow::Format::kHtml;
  throw py::value_error("unknown format '" + name + "' (expected text, markdown, json or html)");
}

// A WARC file being read: the iterator read_warc() returns.
struct PyWarcReader {
  std::unique_ptr<winnow::WarcReader> reader;
  std::mutex mutex;  // one next() at a time, whatever the threads
  std::vector<std::string> problems;
  bool done = false;
};

py::dict counts_dict(const winnow::WarcCounts& c) {
  py::dict d;
  d["records"] = c.records;
  d["pages"] = c.pages;
  d["corrupt"] = c.corrupt;
  py::dict skipped;
  for (const auto& [reason, n] : c.skipped) skipped[py::str(reason)] = n;
  d["skipped"] = skipped;
  return d;
}

py::tuple page_state(const winnow::WarcPage& p) {
  return py::make_tuple(p.url, p.record_id, p.date, p.status, p.content_type, p.charset, py::bytes(p.body), p.offset,
                        p.offset_in_file);
}

}  // namespace

PYBIND11_MODULE(winnow, m) {
  m.doc() = "winnow: a fast web-page cleaner. HTML in, the article's clean text out.";
  m.attr("__version__") = winnow::version();
  error_type = PyErr_NewExceptionWithDoc(
      "winnow.Error", "A winnow failure: str(e) is its one-line message naming the input; e.code its kind.",
      PyExc_Exception, nullptr);
  m.attr("Error") = py::handle(error_type);

  py::class_<PyRules>(m, "Rules", R"(The embedded rules plus the *.rules files of each directory, in order.
Load once and pass to every clean(); thread-safe. Pickles as its directories (a process that
unpickles the same directories again reuses what it loaded). Raises winnow.Error on a broken rule file.)")
      .def(py::init([](const py::object& dirs) {
             auto r = std::make_unique<PyRules>();
             r->dirs = to_dirs(dirs);
             r->rules = load_cached(r->dirs, false);
             return r;
           }),
           py::arg("dirs") = py::none())
      .def_readonly("dirs", &PyRules::dirs)
      .def("__repr__", [](const PyRules& r) { return "winnow.Rules(" + py::repr(py::cast(r.dirs)).cast<std::string>() + ")"; })
      .def(py::pickle([](const PyRules& r) { return py::make_tuple(r.dirs); },
                      [](const py::tuple& t) {
                        PyRules r;
                        r.dirs = t[0].cast<std::vector<std::string>>();
                        r.rules = load_cached(r.dirs, true);
                        return r;
                      }));

  py::class_<winnow::Document>(m, "Document", "The result of clean(): the article and what is known about the page.")
      .def_readonly("text", &winnow::Document::text, "The article as plain text, without the title.")
      .def_readonly("output", &winnow::Document::output, "The article rendered in the format clean() was asked for.")
      .def_property_readonly("title", [](const winnow::Document& d) { return d.metadata.title; })
      .def_property_readonly("metadata", [](const winnow::Document& d) { return metadata_dict(d.metadata); },
                             "title, byline, published, modified, site_name, language, url, canonical_url, "
                             "description, image, charset, page_type: strings, empty when not found.")
      .def_property_readonly("removed",
                             [](const winnow::Document& d) {
                               py::list out;
                               for (const winnow::Removal& r : d.removals) {
                                 py::dict item;
                                 item["rule"] = r.rule;
                                 item["pattern"] = r.pattern;
                                 item["excerpt"] = r.excerpt;
                                 out.append(item);
                               }
                               return out;
                             },
                             "What the rules and the detector removed: dicts of rule ('file:line name'), pattern "
                             "and excerpt (the first ~80 characters removed).")
      .def_readonly("notes", &winnow::Document::notes)
      .def("__repr__", [](const winnow::Document& d) {
        return "<winnow.Document title=" + py::repr(py::str(d.metadata.title)).cast<std::string>() + " text=" +
               std::to_string(d.text.size()) + " bytes>";
      })
      .def(py::pickle(
          [](const winnow::Document& d) {
            py::list removed;
            for (const winnow::Removal& r : d.removals) removed.append(py::make_tuple(r.rule, r.pattern, r.excerpt));
            return py::make_tuple(d.text, d.output, metadata_dict(d.metadata), removed, d.notes);
          },
          [](const py::tuple& t) {
            winnow::Document d;
            d.text = t[0].cast<std::string>();
            d.output = t[1].cast<std::string>();
            d.metadata = metadata_from(t[2].cast<py::dict>());
            for (py::handle r : t[3].cast<py::list>()) {
              auto item = r.cast<py::tuple>();
              d.removals.push_back({item[0].cast<std::string>(), item[1].cast<std::string>(), item[2].cast<std::string>()});
            }
            d.notes = t[4].cast<std::vector<std::string>>();
            return d;
          }));

  py::class_<winnow::WarcPage>(m, "WarcRecord", "A page of a WARC file: a response record with status 2xx and an HTML type.")
      .def_readonly("url", &winnow::WarcPage::url, "WARC-Target-URI")
      .def_readonly("record_id", &winnow::WarcPage::record_id, "WARC-Record-ID, as written ('<urn:uuid:...>')")
      .def_readonly("date", &winnow::WarcPage::date, "WARC-Date")
      .def_readonly("status", &winnow::WarcPage::status, "the HTTP status")
      .def_readonly("content_type", &winnow::WarcPage::content_type, "the HTTP media type ('text/html')")
      .def_readonly("charset", &winnow::WarcPage::charset, "the HTTP Content-Type's charset, '' when absent")
      .def_property_readonly("html", [](const winnow::WarcPage& p) { return py::bytes(p.body); },
                             "the page's bytes (chunked and gzip/deflate encodings undone)")
      .def_readonly("offset", &winnow::WarcPage::offset,
                    "where the record starts: in the file (offset_in_file) or in the uncompressed stream")
      .def_readonly("offset_in_file", &winnow::WarcPage::offset_in_file)
      .def("__repr__", [](const winnow::WarcPage& p) {
        return "<winnow.WarcRecord " + p.record_id + " " + p.url + ">";
      })
      .def(py::pickle([](const winnow::WarcPage& p) { return page_state(p); },
                      [](const py::tuple& t) {
                        winnow::WarcPage p;
                        p.url = t[0].cast<std::string>();
                        p.record_id = t[1].cast<std::string>();
                        p.date = t[2].cast<std::string>();
                        p.status = t[3].cast<int>();
                        p.content_type = t[4].cast<std::string>();
                        p.charset = t[5].cast<std::string>();
                        p.body = t[6].cast<std::string>();
                        p.offset = t[7].cast<std::uint64_t>();
                        p.offset_in_file = t[8].cast<bool>();
                        return p;
                      }));

  py::class_<PyWarcReader>(m, "WarcReader", R"(The pages of a WARC file, one by one (see read_warc).
.problems lists the broken records skipped so far (one message each, with byte offset and record
id); .counts says what was read: records, pages, corrupt, and skipped records by reason.)")
      .def("__iter__", [](PyWarcReader& r) -> PyWarcReader& { return r; })
      .def("__next__",
           [](PyWarcReader& r) {
             while (true) {
               winnow::WarcPage page;
               winnow::Error problem;
               winnow::WarcNext next;
               {
                 py::gil_scoped_release release;
                 std::lock_guard lock(r.mutex);
                 next = r.done ? winnow::WarcNext::kEnd : r.reader->next(&page, &problem);
               }
               if (next == winnow::WarcNext::kPage) return page;
               if (next == winnow::WarcNext::kCorrupt) {
                 r.problems.push_back(problem.message);
                 continue;
               }
               r.done = true;
               if (next == winnow::WarcNext::kFailed) raise(problem);
               throw py::stop_iteration();
             }
           })
      .def_readonly("problems", &PyWarcReader::problems)
      .def_property_readonly("counts", [](const PyWarcReader& r) { return counts_dict(r.reader->counts()); });

  m.def(
      "read_warc",
      [](const py::object& path, std::size_t max_record_bytes) {
        const std::string p = py::str(py::module_::import("os").attr("fspath")(path));
        auto r = std::make_unique<PyWarcReader>();
        winnow::WarcOptions options;
        options.max_record_bytes = max_record_bytes;
        winnow::Error e;
        {
          py::gil_scoped_release release;
          e = winnow::WarcReader::open(p, options, &r->reader);
        }
        if (!e.ok()) raise(e);
        return r;
      },
      py::arg("path"), py::arg("max_record_bytes") = std::size_t{64} << 20,
      R"(Opens a WARC file (WARC/1.0 or 1.1; plain, gzip per record, or one gzip stream) and returns an
iterator of its pages as WarcRecord, skipping (and counting) every other record. Broken records are
skipped and listed in the iterator's .problems. Raises winnow.Error if the file is missing or is not
WARC. Streams the file: memory holds one record.)");

  m.def(
      "clean",
      [](const py::object& html, const py::object& url, const std::string& format, const py::object& rules,
         const py::object& charset, bool explain) {
        winnow::Options options;
        options.format = parse_format(format);
        options.explain = explain;
        std::string input_name;
        std::string owned;
        std::string_view bytes;
        if (py::isinstance<py::bytes>(html)) {
          char* data = nullptr;
          Py_ssize_t size = 0;
          PyBytes_AsStringAndSize(html.ptr(), &data, &size);
          bytes = std::string_view(data, static_cast<std::size_t>(size));  // bytes are immutable; `html` keeps them
          input_name = "<bytes>";
        } else if (py::isinstance<py::str>(html)) {
          owned = html.cast<std::string>();
          bytes = owned;
          options.charset = "utf-8";  // already text: its <meta charset> no longer applies
          input_name = "<str>";
        } else if (py::isinstance<winnow::WarcPage>(html)) {
          const auto& page = html.cast<const winnow::WarcPage&>();
          bytes = page.body;
          options.url = page.url;
          options.charset = page.charset;
          input_name = page.url.empty() ? page.record_id : page.url;
        } else {
          throw py::type_error("clean() takes the page as bytes, str or winnow.WarcRecord, not " +
                               py::str(py::type::of(html).attr("__name__")).cast<std::string>());
        }
        if (!url.is_none()) {
          options.url = url.cast<std::string>();
          input_name = options.url;
        }
        if (!charset.is_none()) options.charset = charset.cast<std::string>();
        const winnow::Rules& loaded = rules.is_none() ? default_rules().rules : rules.cast<const PyRules&>().rules;
        winnow::Document doc;
        winnow::Error e;
        {
          py::gil_scoped_release release;
          e = winnow::clean(bytes, options, loaded, input_name, &doc);
        }
        if (!e.ok()) raise(e);
        return doc;
      },
      py::arg("html"), py::arg("url") = py::none(), py::arg("format") = "text", py::arg("rules") = py::none(),
      py::arg("charset") = py::none(), py::arg("explain") = false,
      R"(Cleans one page and returns a Document.
html: the page as bytes (any charset), str, or a WarcRecord (which brings its URL and charset).
url: where the page came from (chooses site rules, resolves links). format: "text", "markdown",
"json" or "html" (Document.output). rules: a winnow.Rules; default the embedded rules. charset: a
charset declared outside the page (an HTTP header). explain: record every removal in
Document.removed (the "json" format always does). Releases the GIL while it cleans, so threads
clean in parallel. Raises winnow.Error (empty or binary input, nesting too deep, a broken site rule
file) with winnow's message.)");
}
