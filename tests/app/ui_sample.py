#!/usr/bin/python3
# ui_sample.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives faultline (already started on a sample project) through AT-SPI:
# Explore shows a chart summary, Experiment runs and shows the confusion
# matrix cells with their accessible names. Exit 77 = skip.

import os
import time

from ui_common import find_all, go_to_page, log, screenshot, tree, wait_for, run_main

CELL_PREFIXES = ('True negatives:', 'False positives:',
                 'False negatives:', 'True positives:')


def main():
    app = tree.root.application('faultline')
    log('found application faultline')

    # Explore: the chart exposes its summary as accessible name.
    go_to_page(app, 'Explore')
    chart = wait_for('chart summary', lambda: find_all(
        app, lambda n: n.roleName == 'filler' and n.name.startswith('RTT of ')))
    log('chart: %s (%s)' % (chart[0].name, chart[0].roleName))
    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT_EXPLORE'))

    # Experiment: run with the defaults.
    go_to_page(app, 'Experiment')
    # The page opens on the experiment kinds: set up "Compare Models".
    setup = wait_for('Compare Models card', lambda: find_all(
        app, lambda n: n.roleName == 'push button' and n.name == 'Set Up Compare Models'))[0]
    setup.doActionNamed('click')
    log('opened the Compare Models form')
    button = wait_for('Run Experiment button', lambda: find_all(
        app, lambda n: n.roleName == 'push button' and n.name == 'Run Experiment'))[0]
    button.doActionNamed('click')
    log('clicked Run Experiment')

    # GTK 4.8 does not report the showing state, so wait for the result
    # subtitle ("Run N on KEY, threshold T") that only a finished run sets.
    def cells():
        if not find_all(app, lambda n: n.roleName == 'label' and
                        n.name.startswith('Run ') and ' on ' in n.name):
            return None
        found = {}
        for n in find_all(app, lambda n: n.roleName == 'label' and
                          n.name.startswith(CELL_PREFIXES)):
            found[n.name.split(':')[0] + ':'] = n.name
        return found if len(found) == 4 else None

    try:
        found = wait_for('confusion matrix cells', cells, timeout=180)
    except AssertionError:
        errors = [n.name for n in find_all(app, lambda n: n.roleName == 'label')]
        log('visible labels: %s' % errors)
        screenshot(os.environ.get('FL_UI_SCREENSHOT'))
        raise
    for prefix in CELL_PREFIXES:
        log('cell: ' + found[prefix])
        assert '% of actual' in found[prefix] or 'no actual' in found[prefix]

    for heading in ('Predicted: normal', 'Predicted: degraded',
                    'Actual: normal', 'Actual: degraded'):
        assert find_all(app, lambda n: n.roleName == 'label' and n.name == heading), heading

    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT'))
    return 0


if __name__ == '__main__':
    run_main(main)
