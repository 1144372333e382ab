/* fl-isolation-forest.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "fl-error.h"
#include "fl-isolation-forest.h"

/* One node of an isolation tree. Nodes are stored in pre-order, so the left
 * child of an internal node i is i + 1; @right is the right child's index.
 * A leaf has @feature == -1. @size is the number of training (sub-sample)
 * rows that reached the node; a leaf's path length is corrected by c(size). */
typedef struct
{
  gint32  feature;
  guint32 right;
  guint32 size;
  double  threshold;
} IsoNode;

typedef struct
{
  IsoNode *nodes;
  guint    n_nodes;
} IsoTree;

struct _FlIsolationForest
{
  gsize    d;
  gsize    max_samples;  /* ψ */
  double  *median;       /* d: NaN imputation */
  guint    n_trees;
  IsoTree *trees;
};

#define EULER_GAMMA 0.57721566490153286061

/**
 * fl_isolation_forest_average_path_length:
 * @n: number of rows
 *
 * c(n), the average path length of an unsuccessful binary-search-tree
 * search among @n rows, used to normalise isolation depths (Liu, Ting &
 * Zhou 2008, "Isolation Forest", ICDM, eq. 1): c(n) = 2 H(n − 1) −
 * 2 (n − 1) / n with the harmonic number H(i) ≈ ln(i) + γ, c(2) = 1 and
 * c(n) = 0 for n ≤ 1 — the same approximation as scikit-learn's
 * `sklearn.ensemble._iforest._average_path_length`.
 *
 * Returns: c(@n), in edges
 */
double
fl_isolation_forest_average_path_length (gsize n)
{
  double dn = (double) n;

  if (n <= 1)
    return 0.0;
  if (n == 2)
    return 1.0;
  return 2.0 * (log (dn - 1.0) + EULER_GAMMA) - 2.0 * (dn - 1.0) / dn;
}

static inline double
cell (const FlIsolationForest *self,
      const double            *X,
      gsize                    row,
      gsize                    col)
{
  double v = X[row * self->d + col];

  return isfinite (v) ? v : self->median[col];
}

static int
double_cmp (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  const FlIsolationForest *forest;
  const double            *X;
  GRand                   *rand;
  GArray                  *nodes;      /* IsoNode */
  guint                    max_depth;
  gint32                  *features;   /* d scratch */
} Builder;

static void
build_node (Builder *b,
            gsize   *rows,
            gsize    count,
            guint    depth)
{
  const FlIsolationForest *f = b->forest;
  IsoNode node = { -1, 0, (guint32) count, 0.0 };
  guint index = b->nodes->len;
  gsize n_candidates = f->d;
  gint32 feature = -1;
  double lo = 0.0, hi = 0.0, threshold;
  gsize n_left = 0;

  g_array_append_val (b->nodes, node);
  if (depth >= b->max_depth || count <= 1)
    return;

  /* As scikit-learn's random splitter with max_features=1: draw features
   * without replacement until one is not constant on the node's rows. */
  for (gsize c = 0; c < f->d; c++)
    b->features[c] = (gint32) c;
  while (n_candidates > 0)
    {
      gsize k = (gsize) g_rand_int_range (b->rand, 0, (gint32) n_candidates);
      gint32 c = b->features[k];

      lo = hi = cell (f, b->X, rows[0], c);
      for (gsize i = 1; i < count; i++)
        {
          double v = cell (f, b->X, rows[i], c);

          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      if (hi > lo)
        {
          feature = c;
          break;
        }
      b->features[k] = b->features[--n_candidates];
    }
  if (feature < 0)
    return;

  /* Uniform split value in [lo, hi); x <= threshold goes left, so both
   * sides are non-empty. */
  threshold = lo + g_rand_double (b->rand) * (hi - lo);
  if (threshold >= hi)
    threshold = lo;
  for (gsize i = 0; i < count; i++)
    if (cell (f, b->X, rows[i], feature) <= threshold)
      {
        gsize t = rows[i];

        rows[i] = rows[n_left];
        rows[n_left++] = t;
      }

  g_array_index (b->nodes, IsoNode, index).feature = feature;
  g_array_index (b->nodes, IsoNode, index).threshold = threshold;
  build_node (b, rows, n_left, depth + 1);
  g_array_index (b->nodes, IsoNode, index).right = b->nodes->len;
  build_node (b, rows + n_left, count - n_left, depth + 1);
}

/**
 * fl_isolation_forest_fit:
 * @X: (array): @n × @d training matrix, row-major; NaN = missing
 * @n: rows (at least 2)
 * @d: columns (at least 1)
 * @n_trees: isolation trees (scikit-learn default 100; at least 1)
 * @max_samples: sub-sample size ψ per tree; 0 means scikit-learn's "auto",
 *   min(256, @n); larger than @n is capped at @n, smaller than 2 raised to 2
 * @seed: random seed; the same data, parameters and seed give the same forest
 * @progress: (nullable) (scope call): called after each tree with
 *   trees / @n_trees
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked between trees
 * @error: return location for a #GError
 *
 * Fits an isolation forest (Liu, Ting & Zhou 2008, "Isolation Forest",
 * ICDM), with scikit-learn's `IsolationForest` semantics: each tree is
 * grown on ψ rows drawn without replacement, to a height limit of
 * ⌈log₂ ψ⌉; each node splits on a feature drawn uniformly among those not
 * constant on the node, at a value drawn uniformly between the feature's
 * minimum and maximum there. No labels are used.
 *
 * Missing values: each NaN (and ±∞) is replaced by its column's median over
 * the finite training values (0 when there is none), both here and in
 * fl_isolation_forest_score(); so a missing value behaves like a typical
 * one and never makes a row look anomalous by itself.
 *
 * The random numbers come from GLib's Mersenne Twister (#GRand), so the
 * trees differ from scikit-learn's for the same seed; only the method is
 * the same.
 *
 * Returns: (transfer full): the forest, or %NULL with
 *   %FL_ERROR_INSUFFICIENT_DATA (fewer than 2 rows), %FL_ERROR_INVALID
 *   (no columns, no trees) or %G_IO_ERROR_CANCELLED
 */
FlIsolationForest *
fl_isolation_forest_fit (const double   *X,
                         gsize           n,
                         gsize           d,
                         guint           n_trees,
                         gsize           max_samples,
                         guint64         seed,
                         FlProgressFunc  progress,
                         gpointer        progress_data,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(FlIsolationForest) self = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree gsize *perm = NULL;
  g_autofree gsize *rows = NULL;
  g_autofree double *col = NULL;
  g_autofree gint32 *features = NULL;
  guint32 seed_words[2] = { (guint32) seed, (guint32) (seed >> 32) };
  Builder b;

  if (n < 2)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "An isolation forest needs at least 2 training rows, got %" G_GSIZE_FORMAT,
                   n);
      return NULL;
    }
  if (d == 0 || n_trees == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "An isolation forest needs at least one feature column and one tree "
                   "(got %" G_GSIZE_FORMAT " columns, %u trees)", d, n_trees);
      return NULL;
    }
  g_return_val_if_fail (X != NULL, NULL);
  if (n > G_MAXINT32)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Too many rows for an isolation forest: %" G_GSIZE_FORMAT, n);
      return NULL;
    }

  self = g_new0 (FlIsolationForest, 1);
  self->d = d;
  self->max_samples = max_samples == 0 ? MIN ((gsize) 256, n) : MIN (max_samples, n);
  self->max_samples = MAX (self->max_samples, 2);
  self->median = g_new (double, d);
  self->trees = g_new0 (IsoTree, n_trees);

  col = g_new (double, n);
  for (gsize c = 0; c < d; c++)
    {
      gsize m = 0;

      for (gsize i = 0; i < n; i++)
        if (isfinite (X[i * d + c]))
          col[m++] = X[i * d + c];
      if (m == 0)
        self->median[c] = 0.0;
      else
        {
          qsort (col, m, sizeof *col, double_cmp);
          self->median[c] = m % 2 ? col[m / 2] : 0.5 * (col[m / 2 - 1] + col[m / 2]);
        }
    }

  rand = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));
  perm = g_new (gsize, n);
  for (gsize i = 0; i < n; i++)
    perm[i] = i;
  rows = g_new (gsize, self->max_samples);
  features = g_new (gint32, d);

  b.forest = self;
  b.X = X;
  b.rand = rand;
  b.features = features;
  /* scikit-learn: max_depth = ceil(log2(max(max_samples, 2))) */
  b.max_depth = (guint) ceil (log2 ((double) MAX (self->max_samples, 2)));

  for (guint t = 0; t < n_trees; t++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      /* ψ rows without replacement: a partial Fisher–Yates shuffle. */
      for (gsize i = 0; i < self->max_samples; i++)
        {
          gsize j = i + (gsize) g_rand_int_range (rand, 0, (gint32) (n - i));
          gsize tmp = perm[i];

          perm[i] = perm[j];
          perm[j] = tmp;
          rows[i] = perm[i];
        }

      b.nodes = g_array_new (FALSE, FALSE, sizeof (IsoNode));
      build_node (&b, rows, self->max_samples, 0);
      self->trees[t].n_nodes = b.nodes->len;
      self->trees[t].nodes = (IsoNode *) (gpointer) g_array_free (b.nodes, FALSE);
      self->n_trees = t + 1;

      if (progress != NULL)
        {
          g_autofree char *msg = g_strdup_printf ("Isolation forest: tree %u of %u",
                                                  t + 1, n_trees);
          progress ((double) (t + 1) / n_trees, msg, progress_data);
        }
    }

  return g_steal_pointer (&self);
}

/**
 * fl_isolation_forest_score:
 * @self: a forest
 * @X: (array): @n × @d matrix, row-major; NaN or ±∞ = missing (imputed
 *   with the training median)
 * @n: rows
 * @d: columns (must equal the training column count)
 * @out: (array length=n) (out caller-allocates): anomaly scores
 * @error: return location for a #GError
 *
 * The anomaly score of Liu, Ting & Zhou (2008), eq. 2:
 * s(x, ψ) = 2^(−E[h(x)] / c(ψ)), where h(x) is the depth of the leaf x
 * reaches plus c(size of that leaf), averaged over the trees. Scores lie in
 * (0, 1]; higher means more anomalous, values near 0.5 or below are normal.
 * This equals `−IsolationForest.score_samples (X)` in scikit-learn.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_INVALID (column count mismatch)
 */
gboolean
fl_isolation_forest_score (const FlIsolationForest  *self,
                           const double             *X,
                           gsize                     n,
                           gsize                     d,
                           double                   *out,
                           GError                  **error)
{
  double c_psi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (X != NULL && out != NULL), FALSE);

  if (d != self->d)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The isolation forest expects %" G_GSIZE_FORMAT " features, got %"
                   G_GSIZE_FORMAT, self->d, d);
      return FALSE;
    }

  c_psi = fl_isolation_forest_average_path_length (self->max_samples);
  for (gsize i = 0; i < n; i++)
    {
      double total = 0.0;

      for (guint t = 0; t < self->n_trees; t++)
        {
          const IsoNode *nodes = self->trees[t].nodes;
          guint k = 0;
          guint depth = 0;

          while (nodes[k].feature >= 0)
            {
              k = cell (self, X, i, nodes[k].feature) <= nodes[k].threshold ? k + 1
                                                                               : nodes[k].right;
              depth++;
            }
          total += depth + fl_isolation_forest_average_path_length (nodes[k].size);
        }
      out[i] = pow (2.0, -(total / self->n_trees) / c_psi);
    }
  return TRUE;
}

/**
 * fl_isolation_forest_get_n_features:
 * @self: a forest
 *
 * Returns: the training column count
 */
gsize
fl_isolation_forest_get_n_features (const FlIsolationForest *self)
{
  return self->d;
}

/**
 * fl_isolation_forest_get_max_samples:
 * @self: a forest
 *
 * Returns: ψ, the sub-sample size each tree was grown on
 */
gsize
fl_isolation_forest_get_max_samples (const FlIsolationForest *self)
{
  return self->max_samples;
}

/**
 * fl_isolation_forest_get_n_trees:
 * @self: a forest
 *
 * Returns: the number of trees
 */
guint
fl_isolation_forest_get_n_trees (const FlIsolationForest *self)
{
  return self->n_trees;
}

/**
 * fl_isolation_forest_to_json:
 * @self: a forest
 *
 * Serialises the forest as a JSON object: `n_features`, `max_samples`,
 * `median` (array of d numbers) and `trees`, each an object of parallel
 * arrays `feature` (−1 for a leaf), `threshold`, `right` and `size` over the
 * nodes in pre-order. Numbers are written with 17 significant digits, so
 * the reloaded forest gives bit-identical scores.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
fl_isolation_forest_to_json (const FlIsolationForest *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_features");
  json_builder_add_int_value (b, (gint64) self->d);
  json_builder_set_member_name (b, "max_samples");
  json_builder_add_int_value (b, (gint64) self->max_samples);
  json_builder_set_member_name (b, "median");
  json_builder_begin_array (b);
  for (gsize c = 0; c < self->d; c++)
    json_builder_add_double_value (b, self->median[c]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "trees");
  json_builder_begin_array (b);
  for (guint t = 0; t < self->n_trees; t++)
    {
      const IsoTree *tree = &self->trees[t];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "feature");
      json_builder_begin_array (b);
      for (guint k = 0; k < tree->n_nodes; k++)
        json_builder_add_int_value (b, tree->nodes[k].feature);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "threshold");
      json_builder_begin_array (b);
      for (guint k = 0; k < tree->n_nodes; k++)
        json_builder_add_double_value (b, tree->nodes[k].threshold);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "right");
      json_builder_begin_array (b);
      for (guint k = 0; k < tree->n_nodes; k++)
        json_builder_add_int_value (b, tree->nodes[k].right);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "size");
      json_builder_begin_array (b);
      for (guint k = 0; k < tree->n_nodes; k++)
        json_builder_add_int_value (b, tree->nodes[k].size);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
               "Not a valid isolation forest: %s", what);
  return FALSE;
}

static JsonArray *
get_array (JsonObject *obj,
           const char *member,
           guint       length)
{
  JsonNode *node = json_object_get_member (obj, member);
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  arr = json_node_get_array (node);
  if (json_array_get_length (arr) != length)
    return NULL;
  for (guint i = 0; i < length; i++)
    {
      JsonNode *e = json_array_get_element (arr, i);

      if (!JSON_NODE_HOLDS_VALUE (e)
          || (json_node_get_value_type (e) != G_TYPE_INT64
              && json_node_get_value_type (e) != G_TYPE_DOUBLE))
        return NULL;
    }
  return arr;
}

static gboolean
load_tree (IsoTree    *tree,
           JsonObject *obj,
           gsize       d,
           GError    **error)
{
  JsonNode *fnode = json_object_get_member (obj, "feature");
  JsonArray *feature, *threshold, *right, *size;
  guint len;

  if (fnode == NULL || !JSON_NODE_HOLDS_ARRAY (fnode))
    return corrupt (error, "a tree has no feature array");
  len = json_array_get_length (json_node_get_array (fnode));
  if (len == 0)
    return corrupt (error, "a tree has no nodes");
  feature = get_array (obj, "feature", len);
  threshold = get_array (obj, "threshold", len);
  right = get_array (obj, "right", len);
  size = get_array (obj, "size", len);
  if (feature == NULL || threshold == NULL || right == NULL || size == NULL)
    return corrupt (error, "a tree's node arrays are missing, not numeric or differ in length");

  tree->nodes = g_new0 (IsoNode, len);
  tree->n_nodes = len;
  for (guint k = 0; k < len; k++)
    {
      IsoNode *node = &tree->nodes[k];
      gint64 f = json_array_get_int_element (feature, k);
      gint64 r = json_array_get_int_element (right, k);
      gint64 s = json_array_get_int_element (size, k);

      node->threshold = json_array_get_double_element (threshold, k);
      if (f < -1 || f >= (gint64) d || s < 0 || s > G_MAXUINT32)
        return corrupt (error, "a node's feature or size is out of range");
      node->feature = (gint32) f;
      node->size = (guint32) s;
      /* Children come after their parent, so traversal always ends. */
      if (f >= 0 && (k + 1 >= len || r <= (gint64) k + 1 || r >= (gint64) len))
        return corrupt (error, "a node's children are out of range");
      node->right = f >= 0 ? (guint32) r : 0;
    }
  return TRUE;
}

/**
 * fl_isolation_forest_new_from_json:
 * @node: a JSON object written by fl_isolation_forest_to_json()
 * @error: return location for a #GError
 *
 * Rebuilds a forest, checking every index so that a corrupt document
 * cannot make scoring read out of bounds.
 *
 * Returns: (transfer full): the forest, or %NULL with %FL_ERROR_FORMAT
 */
FlIsolationForest *
fl_isolation_forest_new_from_json (JsonNode  *node,
                                   GError   **error)
{
  g_autoptr(FlIsolationForest) self = NULL;
  JsonObject *obj;
  JsonArray *median, *trees;
  JsonNode *tnode;
  gint64 d, psi;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      corrupt (error, "not a JSON object");
      return NULL;
    }
  obj = json_node_get_object (node);
  d = json_object_get_int_member_with_default (obj, "n_features", 0);
  psi = json_object_get_int_member_with_default (obj, "max_samples", 0);
  if (d <= 0 || d > G_MAXINT32 || psi < 2)
    {
      corrupt (error, "n_features or max_samples is missing or out of range");
      return NULL;
    }
  median = get_array (obj, "median", (guint) d);
  tnode = json_object_get_member (obj, "trees");
  if (median == NULL || tnode == NULL || !JSON_NODE_HOLDS_ARRAY (tnode))
    {
      corrupt (error, "median or trees is missing");
      return NULL;
    }
  trees = json_node_get_array (tnode);
  if (json_array_get_length (trees) == 0)
    {
      corrupt (error, "no trees");
      return NULL;
    }

  self = g_new0 (FlIsolationForest, 1);
  self->d = (gsize) d;
  self->max_samples = (gsize) psi;
  self->median = g_new (double, d);
  for (gint64 c = 0; c < d; c++)
    self->median[c] = json_array_get_double_element (median, (guint) c);
  self->trees = g_new0 (IsoTree, json_array_get_length (trees));
  for (guint t = 0; t < json_array_get_length (trees); t++)
    {
      JsonNode *e = json_array_get_element (trees, t);

      self->n_trees = t + 1;
      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          corrupt (error, "a tree is not an object");
          return NULL;
        }
      if (!load_tree (&self->trees[t], json_node_get_object (e), self->d, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * fl_isolation_forest_free:
 * @self: (nullable) (transfer full): a forest
 *
 * Frees the forest.
 */
void
fl_isolation_forest_free (FlIsolationForest *self)
{
  if (self == NULL)
    return;
  for (guint t = 0; t < self->n_trees; t++)
    g_free (self->trees[t].nodes);
  g_free (self->trees);
  g_free (self->median);
  g_free (self);
}
