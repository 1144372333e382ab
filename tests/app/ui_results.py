#!/usr/bin/python3
# ui_results.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives faultline (already started on a sample project) through AT-SPI:
# runs the experiment on the Experiment page, opens the Results page and
# reads the run's arm row, a metric with its interval, the confusion matrix
# and the curve summary. FL_UI_RESULTS_SKIP_RUN=1 skips the run (the project
# already holds one). Screenshots go to FL_UI_SCREENSHOT_RESULTS. Exit 77 =
# skip.

import os
import re
import time

from ui_common import find_all, go_to_page, log, rawinput, screenshot, tree, wait_for, run_main

METRIC = re.compile(r'^\d\.\d{3} \(\d\.\d{2}–\d\.\d{2}\)$')
CELL_PREFIXES = ('True negatives:', 'False positives:',
                 'False negatives:', 'True positives:')


def run_experiment(app):
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
    wait_for('the finished run', lambda: find_all(
        app, lambda n: n.roleName == 'label' and n.name.startswith('Run ') and
        ' on ' in n.name and ', threshold ' in n.name), timeout=240)


def main():
    app = tree.root.application('faultline')
    log('found application faultline')

    if os.environ.get('FL_UI_RESULTS_SKIP_RUN') != '1':
        run_experiment(app)

    go_to_page(app, 'Results')

    # The run picker shows the newest run, with its headline metrics.
    picker = wait_for('run picker entry', lambda: find_all(
        app, lambda n: n.name.startswith('Run ') and ' · AP ' in n.name))
    log('run picker: %s' % picker[0].name)

    # One row per arm: the arm's plot check box is named after it.
    checks = wait_for('arm rows', lambda: find_all(
        app, lambda n: n.roleName == 'check box' and n.name.startswith('Plot ')))
    arms = sorted({c.name[len('Plot '):] for c in checks})
    log('arms: %s' % ', '.join(arms))
    labels = [n.name for n in find_all(app, lambda n: n.roleName == 'label')]
    for arm in arms:
        assert arm in labels, 'no label for arm %s' % arm
    metrics = [name for name in labels if METRIC.match(name)]
    assert metrics, 'no metric with an interval; labels: %s' % labels
    log('metric: %s (%d with intervals)' % (metrics[0], len(metrics)))

    cells = [name for name in labels if name.startswith(CELL_PREFIXES)]
    log('confusion matrix: %s' % cells)
    assert len(cells) >= 4, cells
    assert any(' at threshold ' in name for name in labels), 'no matrix title'

    charts = wait_for('curve summary', lambda: find_all(
        app, lambda n: n.name.startswith('Precision–recall curve')))
    log('curves: %s' % charts[0].name)

    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT_RESULTS'))

    # A confusion-matrix cell is a button: the true negatives (always some
    # on this run) open the Explore timeline with those buckets highlighted.
    # (The Experiment page's matrix of the last run does the same.)
    cell = wait_for('true negatives cell', lambda: [
        n for n in find_all(app, lambda n: n.roleName == 'push button' and
                            n.name.startswith('True negatives:'))])[-1]
    log('activating: %s' % cell.name)
    cell.doActionNamed('click')
    banner = wait_for('highlight banner on Explore', lambda: find_all(
        app, lambda n: n.roleName == 'label' and ' true negatives of Run ' in n.name and
        'marked in purple' in n.name))
    log('explore: %s' % banner[0].name)
    chart = wait_for('chart summary with the run overlay', lambda: find_all(
        app, lambda n: n.name.startswith('RTT of ') and 'labelled positive periods' in n.name))
    log('chart: %s' % chart[0].name)

    # Export the chart through the file chooser (Ctrl+Shift+E on the page).
    export_path = os.environ.get('FL_UI_EXPORT_PATH')
    if export_path:
        if os.path.exists(export_path):
            os.unlink(export_path)
        export = wait_for('export button', lambda: find_all(
            app, lambda n: n.roleName == 'push button' and n.name == 'Export chart'))[0]
        export.doActionNamed('click')
        dialog = wait_for('the Export Chart dialog', lambda: [
            w for w in app.children if w.name == 'Export Chart'])[0]
        wait_for('file name field', lambda: find_all(
            dialog, lambda n: n.roleName == 'text' and n.name == 'Name:'))[0]
        # GTK 4.8 exposes no editable text over AT-SPI: type into the field,
        # which has the focus with the suggested name selected.
        time.sleep(1.0)
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(export_path)
        time.sleep(0.5)
        rawinput.pressKey('Return')
        wait_for('exported file', lambda: os.path.exists(export_path) and
                 os.path.getsize(export_path) > 1000, timeout=30)
        with open(export_path, 'rb') as f:
            assert f.read(4) == b'\x89PNG', 'not a PNG'
        log('exported %s (%d bytes)' % (export_path, os.path.getsize(export_path)))
        screenshot(os.environ.get('FL_UI_SCREENSHOT_EXPLORE'))
    return 0


if __name__ == '__main__':
    run_main(main)
