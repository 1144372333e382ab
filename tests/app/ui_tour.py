#!/usr/bin/python3
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Visits every page of a running Faultline and saves a screenshot of each
# (FL_TOUR_OUT/<page>-<FL_TOUR_STYLE>.png). Driven by
# build-aux/screenshot-tour.sh; for looking at the pages, not a test.

import os
import subprocess
import sys
import time

from ui_common import find_all, rawinput, tree

out = os.environ.get('FL_TOUR_OUT', '.')
style = os.environ.get('FL_TOUR_STYLE', 'light')



def shot(name):
    path = os.path.join(out, '%s-%s.png' % (name, style))
    subprocess.run(['import', '-window', 'root', path], check=True, timeout=30)
    print('# ' + path, flush=True)


PAGES = ('Data', 'Explore', 'Label', 'Experiment', 'Results', 'Walkthroughs')


def go(app, name):
    # Alt+1 … Alt+6, as the shortcuts window lists them.
    rawinput.keyCombo('<Alt>%d' % (PAGES.index(name) + 1))
    time.sleep(2.5)


def main():
    deadline = time.monotonic() + 60
    app = None
    while app is None and time.monotonic() < deadline:
        try:
            app = tree.root.application('faultline')
        except Exception:
            time.sleep(0.5)
    time.sleep(3)
    for page in PAGES:
        go(app, page)
        shot(page.lower())
    # An experiment form.
    go(app, 'Experiment')
    setup = find_all(app, lambda n: n.roleName == 'push button' and
                     n.name == 'Set Up Compare Models')
    if setup:
        setup[0].doActionNamed('click')
        time.sleep(1.5)
        shot('experiment-form')
    return 0


if __name__ == '__main__':
    sys.exit(main())
