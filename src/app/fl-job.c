/* fl-job.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-job.h"

/**
 * FlJob:
 *
 * The progress of one piece of work running in a worker thread. The worker
 * reports through fl_job_progress_cb() (any thread); the values are stored
 * under a mutex and a single low-priority idle at a time publishes them as
 * the #FlJob:fraction and #FlJob:message properties on the main thread.
 */
struct _FlJob
{
  GObject       parent_instance;

  GCancellable *cancellable;

  /* Main-thread copies, exposed as properties. */
  double        fraction;
  char         *message;

  /* Written by the worker. */
  GMutex        mutex;
  double        pending_fraction;
  char         *pending_message;
  guint         idle_queued : 1;
};

G_DEFINE_FINAL_TYPE (FlJob, fl_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_job_finalize (GObject *object)
{
  FlJob *self = (FlJob *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->pending_message, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fl_job_parent_class)->finalize (object);
}

static void
fl_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  FlJob *self = FL_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_job_class_init (FlJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_job_finalize;
  object_class->get_property = fl_job_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_job_init (FlJob *self)
{
  g_mutex_init (&self->mutex);
  self->cancellable = g_cancellable_new ();
  self->message = g_strdup ("");
}

/**
 * fl_job_new:
 *
 * Creates a job with its own #GCancellable.
 *
 * Returns: (transfer full): a new #FlJob
 */
FlJob *
fl_job_new (void)
{
  return g_object_new (FL_TYPE_JOB, NULL);
}

/**
 * fl_job_get_cancellable:
 * @self: a #FlJob
 *
 * Returns: (transfer none): the cancellable of the job
 */
GCancellable *
fl_job_get_cancellable (FlJob *self)
{
  g_return_val_if_fail (FL_IS_JOB (self), NULL);

  return self->cancellable;
}

/**
 * fl_job_get_fraction:
 * @self: a #FlJob
 *
 * Returns: the last published progress in [0, 1]
 */
double
fl_job_get_fraction (FlJob *self)
{
  g_return_val_if_fail (FL_IS_JOB (self), 0.0);

  return self->fraction;
}

/**
 * fl_job_get_message:
 * @self: a #FlJob
 *
 * Returns: (transfer none): the last published message
 */
const char *
fl_job_get_message (FlJob *self)
{
  g_return_val_if_fail (FL_IS_JOB (self), NULL);

  return self->message;
}

/**
 * fl_job_cancel:
 * @self: a #FlJob
 *
 * Cancels the job's cancellable.
 */
void
fl_job_cancel (FlJob *self)
{
  g_return_if_fail (FL_IS_JOB (self));

  g_cancellable_cancel (self->cancellable);
}

static gboolean
publish_cb (gpointer user_data)
{
  FlJob *self = FL_JOB (user_data);
  g_autofree char *message = NULL;
  double fraction;

  g_mutex_lock (&self->mutex);
  fraction = self->pending_fraction;
  message = g_steal_pointer (&self->pending_message);
  self->idle_queued = FALSE;
  g_mutex_unlock (&self->mutex);

  if (fraction >= 0 && fraction != self->fraction)
    {
      self->fraction = CLAMP (fraction, 0.0, 1.0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  if (message != NULL && g_strcmp0 (message, self->message) != 0)
    {
      g_free (self->message);
      self->message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  return G_SOURCE_REMOVE;
}

/**
 * fl_job_progress_cb:
 * @fraction: progress in [0, 1], negative when unknown
 * @message: (nullable): what is happening
 * @job: (type FlJob): the job
 *
 * An #FlProgressFunc for core functions; callable from any thread. At most
 * one idle callback is queued at a time, so a fast worker does not flood the
 * main loop.
 */
void
fl_job_progress_cb (double      fraction,
                    const char *message,
                    gpointer    job)
{
  FlJob *self = job;

  g_return_if_fail (FL_IS_JOB (self));

  g_mutex_lock (&self->mutex);
  self->pending_fraction = fraction;
  if (message != NULL)
    {
      g_free (self->pending_message);
      self->pending_message = g_strdup (message);
    }
  if (!self->idle_queued)
    {
      self->idle_queued = TRUE;
      g_idle_add_full (G_PRIORITY_LOW, publish_cb, g_object_ref (self), g_object_unref);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * fl_task_is_current:
 * @task: a finished #GTask
 * @current: (nullable): the cancellable of the caller's latest request of
 *   this kind
 *
 * For completion callbacks of workers a page restarts whenever its input
 * changes: a result only counts when it answers the latest request.
 *
 * Returns: %FALSE when @task was superseded (its cancellable is not
 *   @current) or cancelled, else %TRUE
 */
gboolean
fl_task_is_current (GTask        *task,
                    GCancellable *current)
{
  GCancellable *cancellable;

  g_return_val_if_fail (G_IS_TASK (task), FALSE);

  cancellable = g_task_get_cancellable (task);
  return cancellable == current && !g_cancellable_is_cancelled (cancellable);
}
