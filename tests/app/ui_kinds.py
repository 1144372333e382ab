#!/usr/bin/python3
# ui_kinds.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives faultline (already started on a sample project) through AT-SPI and
# runs the two experiment kinds the other UI tests do not: "Compare
# Imbalance Treatments" and "Noise Injection", each from its form on the
# Experiment page with the defaults; then reads the noise curves on the
# Results page. Screenshot: FL_UI_SCREENSHOT_KINDS. Exit 77 = skip.

import os
import subprocess
import time

from ui_common import find_all, go_to_page, log, tree, wait_for, run_main


def click(app, name):
    button = wait_for(name, lambda: find_all(
        app, lambda n: n.roleName == 'push button' and n.name == name))[0]
    button.doActionNamed('click')
    log('clicked ' + name)


def run_kind(app, card, run_number):
    go_to_page(app, 'Experiment')
    back = find_all(app, lambda n: n.roleName == 'push button' and
                    n.name == 'All Experiment Kinds' and n.showing)
    if back:
        back[0].doActionNamed('click')
        time.sleep(0.5)
    click(app, card)
    click(app, 'Run Experiment')
    prefix = 'Run %d on ' % run_number
    done = wait_for('run %d' % run_number, lambda: find_all(
        app, lambda n: n.roleName == 'label' and n.name.startswith(prefix) and
        ', threshold ' in n.name), timeout=300)
    log('finished: %s' % done[0].name)


def main():
    app = tree.root.application('faultline')
    log('found application faultline')

    run_kind(app, 'Set Up Compare Imbalance Treatments (SMOTE …)', 1)
    # A finished run opens Results: the treatment arms are in the table.
    checks = wait_for('treatment arms', lambda: [
        n for n in find_all(app, lambda n: n.roleName == 'check box' and
                            n.name.startswith('Plot ') and '+ smote' in n.name)])
    log('treatment arms: %s' % ', '.join(sorted({c.name[5:] for c in checks})))

    run_kind(app, 'Set Up Noise Injection', 2)
    curves = wait_for('noise curves', lambda: find_all(
        app, lambda n: ' against noise level of ' in n.name))
    log('noise: %s' % curves[0].name)

    path = os.environ.get('FL_UI_SCREENSHOT_KINDS')
    if path:
        subprocess.run(['import', '-window', 'root', path], check=False, timeout=30)
    return 0


if __name__ == '__main__':
    run_main(main)
