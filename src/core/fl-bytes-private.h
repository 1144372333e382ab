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

/* A little-endian unsigned value of @width bytes (1, 2, 4 or 8). */
static inline guint64
fl_get_uint (const guint8 *p,
             guint         width)
{
  switch (width)
    {
    case 8:
      return fl_get_u64 (p);
    case 4:
      return fl_get_u32 (p);
    case 2:
      return fl_get_u16 (p);
    default:
      return *p;
    }
}

/* Writes the low @width bytes (1, 2, 4 or 8) of @v, little endian. */
static inline void
fl_put_uint (guint8  *p,
             guint    width,
             guint64  v)
{
  switch (width)
    {
    case 8:
      fl_put_u64 (p, v);
      break;
    case 4:
      fl_put_u32 (p, (guint32) v);
      break;
    case 2:
      fl_put_u16 (p, (guint16) v);
      break;
    default:
      *p = (guint8) v;
      break;
    }
}

/* The bits of @d, and back (values compare and round-trip bit for bit,
 * NaN payloads and -0.0 included). */
static inline guint64
fl_f64_bits (double d)
{
  guint64 v;

  memcpy (&v, &d, sizeof v);
  return v;
}

static inline double
fl_bits_f64 (guint64 v)
{
  double d;

  memcpy (&d, &v, sizeof d);
  return d;
}

G_END_DECLS
