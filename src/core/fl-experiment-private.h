/* fl-experiment-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fl-dataset.h"
#include "fl-experiment.h"

G_BEGIN_DECLS

FlDataset *_fl_experiment_build_dataset (FlProject                *project,
                                         const FlExperimentConfig *config,
                                         GError                  **error);

G_END_DECLS
