/* fl-json-dom.cc
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One JSON document at a time through simdjson's DOM parser (Langdale &
 * Lemire, "Parsing gigabytes of JSON per second", VLDB Journal 28, 2019):
 * the document is parsed and validated whole (UTF-8, syntax, numbers) by
 * the kernel simdjson picks for this CPU at run time, and only then walked,
 * so an invalid document sends no event at all. */

#include "config.h"

#include <simdjson.h>

#include "fl-json-dom.h"

static_assert (FL_JSON_DOM_PADDING >= simdjson::SIMDJSON_PADDING, "simdjson needs more padding");

struct _FlJsonDom
{
  simdjson::dom::parser  parser;
  simdjson::dom::element root;    /* of the document parsed last */
  bool                   parsed;  /* root is valid */
};

FlJsonDom *
fl_json_dom_new (void)
{
  return new (std::nothrow) FlJsonDom ();
}

void
fl_json_dom_free (FlJsonDom *dom)
{
  delete dom;
}

namespace {

struct Walker
{
  const FlJsonDomCallbacks *cb;
  gpointer                  data;

  bool
  walk (simdjson::dom::element e)
  {
    using simdjson::dom::element_type;
    simdjson::dom::object object;
    simdjson::dom::array array;

    switch (e.type ())
      {
      case element_type::OBJECT:
        if (!cb->start_map (data))
          return false;
        /* the type is known: the unchecked accessors */
        object = e.get_object ().value_unsafe ();
        for (simdjson::dom::key_value_pair field : object)
          {
            int r = cb->map_key (data, field.key.data (), field.key.size ());

            if (r == 0)
              return false;
            if (r == FL_JSON_DOM_SKIP_SCALAR && field.value.type () != element_type::OBJECT &&
                field.value.type () != element_type::ARRAY)
              continue;
            if (!walk (field.value))
              return false;
          }
        return cb->end_map (data) != 0;

      case element_type::ARRAY:
        if (!cb->start_array (data))
          return false;
        array = e.get_array ().value_unsafe ();
        for (simdjson::dom::element v : array)
          if (!walk (v))
            return false;
        return cb->end_array (data) != 0;

      case element_type::INT64:
        {
          int64_t i = e.get_int64 ().value_unsafe ();

          return cb->number (data, TRUE, double (i), i, TRUE) != 0;
        }

      case element_type::UINT64:
        /* above G_MAXINT64 (smaller ones are INT64) */
        return cb->number (data, TRUE, double (e.get_uint64 ().value_unsafe ()), 0, FALSE) != 0;

      case element_type::DOUBLE:
        return cb->number (data, FALSE, e.get_double ().value_unsafe (), 0, FALSE) != 0;

      case element_type::STRING:
        {
          std::string_view s = e.get_string ().value_unsafe ();

          return cb->string (data, s.data (), s.size ()) != 0;
        }

      case element_type::BOOL:
        return cb->boolean (data, e.get_bool ().value_unsafe () ? 1 : 0) != 0;

      case element_type::NULL_VALUE:
      default:
        return cb->null (data) != 0;
      }
  }
};

} // namespace

/**
 * fl_json_dom_walk:
 * @dom: a parser from fl_json_dom_new(), reused between documents
 * @doc: (array length=len): one JSON document; %FL_JSON_DOM_PADDING bytes
 *   after it must be readable
 * @len: bytes in @doc
 * @callbacks: the events
 * @data: closure for @callbacks
 *
 * Parses @doc whole, then sends its events in document order.
 *
 * Returns: %FL_JSON_DOM_INVALID when @doc is not exactly one valid JSON
 *   document (nothing was sent), %FL_JSON_DOM_STOPPED when a callback
 *   returned 0, %FL_JSON_DOM_OK otherwise
 */
FlJsonDomResult
fl_json_dom_walk (FlJsonDom                *dom,
                  const guint8             *doc,
                  gsize                     len,
                  const FlJsonDomCallbacks *callbacks,
                  gpointer                  data)
{
  simdjson::dom::element root;
  Walker w = { callbacks, data };

  dom->parsed = false;
  if (dom->parser.parse (doc, len, false).get (root) != simdjson::SUCCESS)
    return FL_JSON_DOM_INVALID;
  return w.walk (root) ? FL_JSON_DOM_OK : FL_JSON_DOM_STOPPED;
}

/**
 * fl_json_dom_parse:
 * @dom: a parser from fl_json_dom_new(), reused between documents
 * @doc: (array length=len): one JSON document; %FL_JSON_DOM_PADDING bytes
 *   after it must be readable
 * @len: bytes in @doc
 *
 * Parses @doc whole and keeps it (numbers parsed, strings copied: @doc may
 * change afterwards) for fl_json_dom_walk_elements(), until the next parse
 * with @dom. One thread may parse with @dom and another walk it, when the
 * walk happens after the parse (a mutex between them, say).
 *
 * Returns: %FL_JSON_DOM_INVALID when @doc is not exactly one valid JSON
 *   document, %FL_JSON_DOM_OK otherwise
 */
FlJsonDomResult
fl_json_dom_parse (FlJsonDom    *dom,
                   const guint8 *doc,
                   gsize         len)
{
  dom->parsed = dom->parser.parse (doc, len, false).get (dom->root) == simdjson::SUCCESS;
  return dom->parsed ? FL_JSON_DOM_OK : FL_JSON_DOM_INVALID;
}

/**
 * fl_json_dom_walk_elements:
 * @dom: a parser whose last fl_json_dom_parse() succeeded
 * @callbacks: the events
 * @data: closure for @callbacks
 * @before: (nullable) (scope call): called before each element's events
 *   with its index
 * @before_data: closure for @before
 * @index: (out) (optional): the index of the element whose walk stopped
 *
 * Sends the events of each element of the parsed document, a JSON array,
 * in order, as fl_json_dom_walk() would for each element on its own: the
 * array's own start and end are not sent. This lets one parse cover many
 * small documents (a batch of RIPE results put between `[` and `]`).
 *
 * Returns: %FL_JSON_DOM_INVALID when the document is not an array (nothing
 *   was sent), %FL_JSON_DOM_STOPPED when a callback returned 0 (@index
 *   says in which element), %FL_JSON_DOM_OK otherwise
 */
FlJsonDomResult
fl_json_dom_walk_elements (FlJsonDom                *dom,
                           const FlJsonDomCallbacks *callbacks,
                           gpointer                  data,
                           FlJsonDomElementFunc      before,
                           gpointer                  before_data,
                           guint                    *index)
{
  Walker w = { callbacks, data };
  simdjson::dom::array array;
  guint i = 0;

  if (!dom->parsed || dom->root.get_array ().get (array) != simdjson::SUCCESS)
    return FL_JSON_DOM_INVALID;
  for (simdjson::dom::element e : array)
    {
      if (before != NULL)
        before (before_data, i);
      if (!w.walk (e))
        {
          if (index != NULL)
            *index = i;
          return FL_JSON_DOM_STOPPED;
        }
      i++;
    }
  return FL_JSON_DOM_OK;
}
