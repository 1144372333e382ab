/* fl-expr.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-expr"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-expr.h"

/* Rule expressions over the columns of a row, e.g.
 *   (latency_ms > 200 && throughput_mbps < 1) || signal_dbm < -100
 * Grammar (recursive descent, lowest precedence first):
 *   or   := and ('||' and)*
 *   and  := not ('&&' not)*
 *   not  := '!' not | cmp
 *   cmp  := sum (('>' | '>=' | '<' | '<=' | '==' | '!=') sum)?
 *   sum  := prod (('+' | '-') prod)*
 *   prod := unary (('*' | '/') unary)*
 *   unary:= '-' unary | primary
 *   primary := NUMBER | NAME | '`' any text '`' | '(' or ')'
 * Names are column names ([A-Za-z_][A-Za-z0-9_.]*), or any text between
 * back quotes (for names such as `Latency (ms)`). */

typedef enum
{
  OP_NUM,
  OP_COL,
  OP_NEG,
  OP_NOT,
  OP_AND,
  OP_OR,
  OP_GT,
  OP_GE,
  OP_LT,
  OP_LE,
  OP_EQ,
  OP_NE,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
} Op;

typedef struct _Node Node;
struct _Node
{
  Op     op;
  double num;
  guint  col;
  Node  *a;
  Node  *b;
};

struct _FlExpr
{
  Node      *root;
  GPtrArray *names;     /* column names, index = column */
  GArray    *used;      /* guint column indices used */
};

typedef struct
{
  const char          *text;
  const char          *p;
  const char * const  *columns;
  gsize                n_columns;
  GArray              *used;
  GError              *error;
} Parser;

static void
node_free (Node *n)
{
  if (n == NULL)
    return;
  node_free (n->a);
  node_free (n->b);
  g_free (n);
}

static Node *
node_new (Op    op,
          Node *a,
          Node *b)
{
  Node *n = g_new0 (Node, 1);

  n->op = op;
  n->a = a;
  n->b = b;
  return n;
}

static void
fail (Parser     *ps,
      const char *what)
{
  if (ps->error == NULL)
    g_set_error (&ps->error, FL_ERROR, FL_ERROR_INVALID,
                 "Rule “%s”: %s at character %d", ps->text, what, (int)(ps->p - ps->text) + 1);
}

static void
skip_space (Parser *ps)
{
  while (g_ascii_isspace (*ps->p))
    ps->p++;
}

static gboolean
accept (Parser     *ps,
        const char *tok)
{
  gsize len = strlen (tok);

  skip_space (ps);
  if (strncmp (ps->p, tok, len) != 0)
    return FALSE;
  /* do not read ">" out of ">=", nor "=" alone */
  if (len == 1 && (tok[0] == '>' || tok[0] == '<' || tok[0] == '!') && ps->p[1] == '=')
    return FALSE;
  ps->p += len;
  return TRUE;
}

static Node *parse_or (Parser *ps);

static Node *
parse_column (Parser     *ps,
              const char *start,
              gsize       len)
{
  g_autofree char *name = g_strndup (start, len);

  for (gsize i = 0; i < ps->n_columns; i++)
    if (g_str_equal (ps->columns[i], name))
      {
        Node *n = node_new (OP_COL, NULL, NULL);
        guint col = (guint)i;

        n->col = col;
        g_array_append_val (ps->used, col);
        return n;
      }

  if (ps->error == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (gsize i = 0; i < ps->n_columns; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", ps->columns[i]);
      g_set_error (&ps->error, FL_ERROR, FL_ERROR_INVALID,
                   "Rule “%s”: unknown column “%s” (known: %s)", ps->text, name, known->str);
    }
  return NULL;
}

static Node *
parse_primary (Parser *ps)
{
  skip_space (ps);

  if (*ps->p == '(')
    {
      Node *n;

      ps->p++;
      n = parse_or (ps);
      if (n == NULL)
        return NULL;
      if (!accept (ps, ")"))
        {
          node_free (n);
          fail (ps, "expected “)”");
          return NULL;
        }
      return n;
    }

  if (g_ascii_isdigit (*ps->p) || (*ps->p == '.' && g_ascii_isdigit (ps->p[1])))
    {
      char *end = NULL;
      double v = g_ascii_strtod (ps->p, &end);
      Node *n;

      if (end == ps->p || !isfinite (v))
        {
          fail (ps, "bad number");
          return NULL;
        }
      ps->p = end;
      n = node_new (OP_NUM, NULL, NULL);
      n->num = v;
      return n;
    }

  if (*ps->p == '`')
    {
      const char *start = ++ps->p;
      const char *end = strchr (start, '`');

      if (end == NULL)
        {
          fail (ps, "unterminated `name`");
          return NULL;
        }
      ps->p = end + 1;
      return parse_column (ps, start, end - start);
    }

  if (g_ascii_isalpha (*ps->p) || *ps->p == '_')
    {
      const char *start = ps->p;

      while (g_ascii_isalnum (*ps->p) || *ps->p == '_' || *ps->p == '.')
        ps->p++;
      return parse_column (ps, start, ps->p - start);
    }

  fail (ps, *ps->p ? "expected a number, a column or “(”" : "unexpected end");
  return NULL;
}

static Node *
parse_unary (Parser *ps)
{
  if (accept (ps, "-"))
    {
      Node *a = parse_unary (ps);

      return a ? node_new (OP_NEG, a, NULL) : NULL;
    }
  return parse_primary (ps);
}

static Node *
parse_binary_chain (Parser      *ps,
                    Node      *(*next) (Parser *),
                    const char  *tok1,
                    Op           op1,
                    const char  *tok2,
                    Op           op2)
{
  Node *left = next (ps);

  while (left != NULL)
    {
      Op op;
      Node *right;

      if (accept (ps, tok1))
        op = op1;
      else if (tok2 != NULL && accept (ps, tok2))
        op = op2;
      else
        break;
      right = next (ps);
      if (right == NULL)
        {
          node_free (left);
          return NULL;
        }
      left = node_new (op, left, right);
    }
  return left;
}

static Node *
parse_prod (Parser *ps)
{
  return parse_binary_chain (ps, parse_unary, "*", OP_MUL, "/", OP_DIV);
}

static Node *
parse_sum (Parser *ps)
{
  return parse_binary_chain (ps, parse_prod, "+", OP_ADD, "-", OP_SUB);
}

static Node *
parse_cmp (Parser *ps)
{
  static const struct { const char *tok; Op op; } ops[] = {
    { ">=", OP_GE }, { "<=", OP_LE }, { "==", OP_EQ }, { "!=", OP_NE },
    { ">", OP_GT }, { "<", OP_LT },
  };
  Node *left = parse_sum (ps);

  if (left == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (accept (ps, ops[i].tok))
      {
        Node *right = parse_sum (ps);

        if (right == NULL)
          {
            node_free (left);
            return NULL;
          }
        return node_new (ops[i].op, left, right);
      }
  return left;
}

static Node *
parse_not (Parser *ps)
{
  if (accept (ps, "!"))
    {
      Node *a = parse_not (ps);

      return a ? node_new (OP_NOT, a, NULL) : NULL;
    }
  return parse_cmp (ps);
}

static Node *
parse_and (Parser *ps)
{
  return parse_binary_chain (ps, parse_not, "&&", OP_AND, NULL, OP_AND);
}

static Node *
parse_or (Parser *ps)
{
  return parse_binary_chain (ps, parse_and, "||", OP_OR, NULL, OP_OR);
}

static gboolean
node_is_boolean (const Node *n)
{
  switch (n->op)
    {
    case OP_NOT:
    case OP_AND:
    case OP_OR:
    case OP_GT:
    case OP_GE:
    case OP_LT:
    case OP_LE:
    case OP_EQ:
    case OP_NE:
      return TRUE;
    case OP_NUM:
    case OP_COL:
    case OP_NEG:
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    default:
      return FALSE;
    }
}

/**
 * fl_expr_parse:
 * @text: the expression, e.g. `(latency_ms > 200 && throughput_mbps < 1) || signal_dbm < -100`
 * @columns: (array length=n_columns): the column names rows will have
 * @n_columns: number of columns
 * @error: return location for a #GError
 *
 * Parses a rule expression: numbers, column names (or any name between
 * back quotes), `+ - * /`, comparisons `> >= < <= == !=`, `!`, `&&`, `||`
 * and parentheses, with C precedence. Numbers are read without the locale.
 *
 * Returns: (transfer full): the expression, or %NULL with %FL_ERROR_INVALID
 *   (syntax error with the character position, or an unknown column with
 *   the list of known ones)
 */
FlExpr *
fl_expr_parse (const char         *text,
               const char * const *columns,
               gsize               n_columns,
               GError            **error)
{
  Parser ps = { text, text, columns, n_columns, NULL, NULL };
  FlExpr *self;
  Node *root;

  g_return_val_if_fail (text != NULL, NULL);

  ps.used = g_array_new (FALSE, FALSE, sizeof (guint));
  root = parse_or (&ps);
  if (root != NULL)
    {
      skip_space (&ps);
      if (*ps.p != '\0')
        {
          fail (&ps, "unexpected text");
          g_clear_pointer (&root, node_free);
        }
    }
  if (root == NULL)
    {
      g_array_unref (ps.used);
      g_propagate_error (error, ps.error);
      return NULL;
    }

  self = g_new0 (FlExpr, 1);
  self->root = root;
  self->used = ps.used;
  self->names = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < n_columns; i++)
    g_ptr_array_add (self->names, g_strdup (columns[i]));
  return self;
}

static double
truth (double v)
{
  return isnan (v) ? NAN : (v != 0 ? 1.0 : 0.0);
}

static double
eval_node (const Node   *n,
           const double *row)
{
  double a, b;

  switch (n->op)
    {
    case OP_NUM:
      return n->num;
    case OP_COL:
      return row[n->col];
    case OP_NEG:
      return -eval_node (n->a, row);
    case OP_NOT:
      a = truth (eval_node (n->a, row));
      return isnan (a) ? NAN : 1.0 - a;
    case OP_AND:
      a = truth (eval_node (n->a, row));
      if (a == 0)
        return 0;
      b = truth (eval_node (n->b, row));
      if (b == 0)
        return 0;
      return isnan (a) || isnan (b) ? NAN : 1.0;
    case OP_OR:
      a = truth (eval_node (n->a, row));
      if (a == 1)
        return 1;
      b = truth (eval_node (n->b, row));
      if (b == 1)
        return 1;
      return isnan (a) || isnan (b) ? NAN : 0.0;
    case OP_ADD:
      return eval_node (n->a, row) + eval_node (n->b, row);
    case OP_SUB:
      return eval_node (n->a, row) - eval_node (n->b, row);
    case OP_MUL:
      return eval_node (n->a, row) * eval_node (n->b, row);
    case OP_DIV:
      b = eval_node (n->b, row);
      return b == 0 ? NAN : eval_node (n->a, row) / b;
    case OP_GT:
    case OP_GE:
    case OP_LT:
    case OP_LE:
    case OP_EQ:
    case OP_NE:
    default:
      break;
    }

  a = eval_node (n->a, row);
  b = eval_node (n->b, row);
  if (isnan (a) || isnan (b))
    return NAN;
  switch (n->op)
    {
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_NUM:
    case OP_COL:
    case OP_NEG:
    case OP_NOT:
    case OP_AND:
    case OP_OR:
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    default:
      g_assert_not_reached ();
    }
}

/**
 * fl_expr_eval:
 * @self: an expression
 * @row: (array): the row's column values, in the order given to
 *   fl_expr_parse(); NaN = missing
 *
 * Evaluates the expression on one row. Comparisons are 1 or 0; logic is
 * three-valued as in SQL: a comparison with a missing value is unknown
 * (NaN), `x && unknown` is 0 when x is 0 and unknown otherwise, `x ||
 * unknown` is 1 when x is 1 and unknown otherwise. Division by zero is NaN.
 *
 * Returns: the value; NaN when unknown
 */
double
fl_expr_eval (const FlExpr *self,
              const double *row)
{
  g_return_val_if_fail (self != NULL, NAN);
  return eval_node (self->root, row);
}

/**
 * fl_expr_is_boolean:
 * @self: an expression
 *
 * Returns: %TRUE when the top-level operator yields 0/1 (a comparison or
 *   logic), so the expression can serve as a label rule
 */
gboolean
fl_expr_is_boolean (const FlExpr *self)
{
  return node_is_boolean (self->root);
}

/**
 * fl_expr_get_columns:
 * @self: an expression
 *
 * Returns: (transfer full): the names of the columns the expression reads,
 *   each once, in order of first use
 */
GStrv
fl_expr_get_columns (const FlExpr *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->used->len; i++)
    {
      guint col = g_array_index (self->used, guint, i);

      if (g_hash_table_add (seen, GUINT_TO_POINTER (col + 1)))
        g_strv_builder_add (b, g_ptr_array_index (self->names, col));
    }
  return g_strv_builder_end (b);
}

static void
node_print (const Node   *n,
            GPtrArray    *names,
            GString      *s)
{
  static const char *sym[] = {
    [OP_AND] = " && ", [OP_OR] = " || ", [OP_GT] = " > ", [OP_GE] = " >= ",
    [OP_LT] = " < ", [OP_LE] = " <= ", [OP_EQ] = " == ", [OP_NE] = " != ",
    [OP_ADD] = " + ", [OP_SUB] = " - ", [OP_MUL] = " * ", [OP_DIV] = " / ",
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (n->op)
    {
    case OP_NUM:
      g_string_append (s, g_ascii_dtostr (buf, sizeof buf, n->num));
      break;
    case OP_COL:
      {
        const char *name = g_ptr_array_index (names, n->col);
        gboolean plain = g_ascii_isalpha (name[0]) || name[0] == '_';

        for (const char *c = name; *c && plain; c++)
          plain = g_ascii_isalnum (*c) || *c == '_' || *c == '.';
        if (plain)
          g_string_append (s, name);
        else
          g_string_append_printf (s, "`%s`", name);
      }
      break;
    case OP_NEG:
    case OP_NOT:
      g_string_append (s, n->op == OP_NEG ? "-" : "!");
      node_print (n->a, names, s);
      break;
    case OP_AND:
    case OP_OR:
    case OP_GT:
    case OP_GE:
    case OP_LT:
    case OP_LE:
    case OP_EQ:
    case OP_NE:
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    default:
      g_string_append_c (s, '(');
      node_print (n->a, names, s);
      g_string_append (s, sym[n->op]);
      node_print (n->b, names, s);
      g_string_append_c (s, ')');
      break;
    }
}

/**
 * fl_expr_to_string:
 * @self: an expression
 *
 * Returns: (transfer full): the expression fully parenthesised, which
 *   fl_expr_parse() reads back to the same expression
 */
char *
fl_expr_to_string (const FlExpr *self)
{
  GString *s = g_string_new (NULL);

  node_print (self->root, self->names, s);
  return g_string_free (s, FALSE);
}

/**
 * fl_expr_free:
 * @self: (nullable) (transfer full): an expression
 *
 * Frees @self.
 */
void
fl_expr_free (FlExpr *self)
{
  if (self == NULL)
    return;
  node_free (self->root);
  g_ptr_array_unref (self->names);
  g_array_unref (self->used);
  g_free (self);
}
