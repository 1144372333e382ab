/* fl-json-dom.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a map_key callback returns for a value it does not need. */
#define FL_JSON_DOM_SKIP_SCALAR 2

/* Padding that must be readable (any content) after a document handed to
 * fl_json_dom_walk() (simdjson's SIMDJSON_PADDING). */
#define FL_JSON_DOM_PADDING 64

/* Events of one JSON document, in document order, as yajl's callbacks
 * report them (fl-import-ripe.c drives the same state machine with both).
 * Each returns 1 to go on or 0 to stop. Numbers come parsed: @is_integer
 * says whether the text had no fraction and no exponent (yajl's integer),
 * @d is the value as a double (correctly rounded, as strtod()) and @i the
 * exact value when @i_valid (integers in the gint64 range). @map_key may
 * return %FL_JSON_DOM_SKIP_SCALAR: the key's value is not needed, and no
 * event is sent for it if it is a scalar (objects and arrays are walked as
 * usual). */
typedef struct
{
  int      (*null)        (gpointer data);
  int      (*boolean)     (gpointer data,
                           int      value);
  int      (*number)      (gpointer data,
                           gboolean is_integer,
                           double   d,
                           gint64   i,
                           gboolean i_valid);
  int      (*string)      (gpointer    data,
                           const char *s,
                           gsize       len);
  int      (*start_map)   (gpointer data);
  int      (*map_key)     (gpointer    data,
                           const char *s,
                           gsize       len);
  int      (*end_map)     (gpointer data);
  int      (*start_array) (gpointer data);
  int      (*end_array)   (gpointer data);
} FlJsonDomCallbacks;

typedef struct _FlJsonDom FlJsonDom;

typedef enum
{
  FL_JSON_DOM_OK,
  FL_JSON_DOM_STOPPED,   /* a callback returned 0 */
  FL_JSON_DOM_INVALID,   /* not one valid JSON document (no event sent) */
} FlJsonDomResult;

/* Called before each element that fl_json_dom_walk_elements() walks. */
typedef void (*FlJsonDomElementFunc) (gpointer data,
                                      guint    index);

FlJsonDom       *fl_json_dom_new           (void);
void             fl_json_dom_free          (FlJsonDom                *dom);
FlJsonDomResult  fl_json_dom_walk          (FlJsonDom                *dom,
                                            const guint8             *doc,
                                            gsize                     len,
                                            const FlJsonDomCallbacks *callbacks,
                                            gpointer                  data);
FlJsonDomResult  fl_json_dom_parse         (FlJsonDom                *dom,
                                            const guint8             *doc,
                                            gsize                     len);
FlJsonDomResult  fl_json_dom_walk_elements (FlJsonDom                *dom,
                                            const FlJsonDomCallbacks *callbacks,
                                            gpointer                  data,
                                            FlJsonDomElementFunc      before,
                                            gpointer                  before_data,
                                            guint                    *index);

G_END_DECLS
