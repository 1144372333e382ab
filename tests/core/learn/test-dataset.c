/* test-dataset.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-dataset.h"

static FlDataset *
make_filled (gsize n,
             gsize d)
{
  FlDataset *ds = fl_dataset_new (n, d);

  for (gsize c = 0; c < d; c++)
    ds->feature_names[c] = g_strdup_printf ("feature_%" G_GSIZE_FORMAT, c);
  for (gsize i = 0; i < n; i++)
    {
      for (gsize c = 0; c < d; c++)
        ds->X[i * d + c] = (double) (i * 100 + c);
      ds->y[i] = i % 3 == 0;
      ds->label_now[i] = i % 2;
      ds->rule_score[i] = i % 4 == 0 ? NAN : (double) i / 10.0;
      ds->ts_s[i] = 1.7e9 + 240.0 * (double) i;
      ds->group[i] = (gint64) (i / 5) - 1;
    }
  return ds;
}

static void
test_new (void)
{
  g_autoptr(FlDataset) ds = fl_dataset_new (7, 3);
  g_autoptr(FlDataset) empty = fl_dataset_new (0, 0);

  g_assert_cmpuint (ds->n_rows, ==, 7);
  g_assert_cmpuint (ds->n_features, ==, 3);
  g_assert_nonnull (ds->feature_names);
  for (gsize c = 0; c <= 3; c++)
    g_assert_null (ds->feature_names[c]);
  for (gsize i = 0; i < 7 * 3; i++)
    g_assert_cmpfloat (ds->X[i], ==, 0.0);
  for (gsize i = 0; i < 7; i++)
    {
      g_assert_cmpuint (ds->y[i], ==, 0);
      g_assert_cmpuint (ds->label_now[i], ==, 0);
      g_assert_true (isnan (ds->rule_score[i]));
      g_assert_cmpfloat (ds->ts_s[i], ==, 0.0);
      g_assert_cmpint (ds->group[i], ==, 0);
    }
  /* The names belong to the dataset: freed with it (checked by ASan). */
  ds->feature_names[1] = g_strdup ("rtt_mean_ms");

  g_assert_cmpuint (empty->n_rows, ==, 0);
  g_assert_nonnull (empty->feature_names);
  g_assert_null (empty->feature_names[0]);

  fl_dataset_free (NULL);
}

static void
test_subset (void)
{
  g_autoptr(FlDataset) ds = make_filled (20, 4);
  const gsize rows[] = { 17, 3, 3, 0, 19, 8 };
  g_autoptr(FlDataset) sub = fl_dataset_subset (ds, rows, G_N_ELEMENTS (rows));
  g_autoptr(FlDataset) none = fl_dataset_subset (ds, NULL, 0);

  g_assert_nonnull (sub);
  g_assert_cmpuint (sub->n_rows, ==, G_N_ELEMENTS (rows));
  g_assert_cmpuint (sub->n_features, ==, 4);
  for (gsize c = 0; c < 4; c++)
    {
      g_assert_cmpstr (sub->feature_names[c], ==, ds->feature_names[c]);
      g_assert_true (sub->feature_names[c] != ds->feature_names[c]);
    }
  g_assert_null (sub->feature_names[4]);

  for (gsize r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      gsize i = rows[r];

      g_assert_cmpmem (sub->X + r * 4, 4 * sizeof (double),
                       ds->X + i * 4, 4 * sizeof (double));
      g_assert_cmpfloat (sub->X[r * 4 + 2], ==, (double) (i * 100 + 2));
      g_assert_cmpuint (sub->y[r], ==, ds->y[i]);
      g_assert_cmpuint (sub->label_now[r], ==, ds->label_now[i]);
      if (isnan (ds->rule_score[i]))
        g_assert_true (isnan (sub->rule_score[r]));
      else
        g_assert_cmpfloat (sub->rule_score[r], ==, ds->rule_score[i]);
      g_assert_cmpfloat (sub->ts_s[r], ==, ds->ts_s[i]);
      g_assert_cmpint (sub->group[r], ==, ds->group[i]);
    }

  /* A deep copy: changing the subset leaves the source alone. */
  sub->X[0] = -1.0;
  sub->y[0] = 9;
  g_free (sub->feature_names[0]);
  sub->feature_names[0] = g_strdup ("changed");
  g_assert_cmpfloat (ds->X[17 * 4], ==, 1700.0);
  g_assert_cmpuint (ds->y[17], ==, 0);
  g_assert_cmpstr (ds->feature_names[0], ==, "feature_0");

  g_assert_nonnull (none);
  g_assert_cmpuint (none->n_rows, ==, 0);
  g_assert_cmpuint (none->n_features, ==, 4);
  g_assert_cmpstr (none->feature_names[3], ==, "feature_3");
}

static void
test_subset_null_rule_score (void)
{
  g_autoptr(FlDataset) ds = make_filled (6, 2);
  const gsize rows[] = { 5, 1 };
  g_autoptr(FlDataset) sub = NULL;

  g_clear_pointer (&ds->rule_score, g_free);
  g_free (ds->feature_names[1]);
  ds->feature_names[1] = NULL;
  sub = fl_dataset_subset (ds, rows, 2);
  g_assert_null (sub->rule_score);
  g_assert_cmpstr (sub->feature_names[0], ==, "feature_0");
  g_assert_null (sub->feature_names[1]);
  g_assert_cmpfloat (sub->X[0], ==, 500.0);
}

static void
test_subset_out_of_range (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FlDataset) ds = make_filled (4, 1);
      const gsize rows[] = { 1, 4 };
      FlDataset *sub = fl_dataset_subset (ds, rows, 2);

      g_assert_null (sub);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*rows[r] < self->n_rows*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learn/dataset/new", test_new);
  g_test_add_func ("/learn/dataset/subset", test_subset);
  g_test_add_func ("/learn/dataset/subset-null-rule-score",
                   test_subset_null_rule_score);
  g_test_add_func ("/learn/dataset/subset-out-of-range",
                   test_subset_out_of_range);

  return g_test_run ();
}
