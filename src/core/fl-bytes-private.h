/* fl-bytes-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Private to the core library: little-endian values at any alignment, as
 * the chunk blobs of fl-sample-store.c and fl-result-store.c hold them. */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

static inline void
fl_put_u64 (guint8  *p,
            guint64  v)
{
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline guint64
fl_get_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

static inline void
fl_put_f64 (guint8 *p,
            double  d)
{
  guint64 v;

  memcpy (&v, &d, sizeof v);
  fl_put_u64 (p, v);
}

static inline double
fl_get_f64 (const guint8 *p)
{
  guint64 v = fl_get_u64 (p);
  double d;

  memcpy (&d, &v, sizeof d);
  return d;
}

static inline void
fl_put_u32 (guint8  *p,
            guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline guint32
fl_get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static inline void
fl_put_u16 (guint8  *p,
            guint16  v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline guint16
fl_get_u16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return GUINT16_FROM_LE (v);
}

G_END_DECLS
