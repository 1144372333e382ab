/* fl-error.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_ERROR (fl_error_quark ())

/**
 * FlError:
 * @FL_ERROR_PARSE: malformed input (bad JSON, CSV, number, timestamp); the
 *   message names the file and the line or byte offset
 * @FL_ERROR_FORMAT: the input's format is not recognised or not supported
 * @FL_ERROR_PROJECT: the project file is corrupt, foreign or from a newer version
 * @FL_ERROR_DUPLICATE: the same source (same sha256) was already imported
 * @FL_ERROR_INVALID: an invalid argument or configuration value
 * @FL_ERROR_INSUFFICIENT_DATA: too few rows or positives for the requested step
 *   (for example SMOTE with a minority of at most k rows)
 * @FL_ERROR_MODEL: the model library (XGBoost) reported a failure
 * @FL_ERROR_NOT_FOUND: a series, run or source does not exist
 *
 * Error codes in the %FL_ERROR domain. Cancellation is reported as
 * %G_IO_ERROR_CANCELLED in the %G_IO_ERROR domain.
 */
typedef enum
{
  FL_ERROR_PARSE,
  FL_ERROR_FORMAT,
  FL_ERROR_PROJECT,
  FL_ERROR_DUPLICATE,
  FL_ERROR_INVALID,
  FL_ERROR_INSUFFICIENT_DATA,
  FL_ERROR_MODEL,
  FL_ERROR_NOT_FOUND,
} FlError;

GQuark fl_error_quark (void);

G_END_DECLS
