# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# deafen_info against a stand-in deafen (conftest.py)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.deafen.hardening.plugins.modules import deafen_info as mod

LIST = {'format_version': 1, 'root': '/', 'services': [{'name': 'telnet', 'kind': 'inetd'}]}
SCAN = {'format_version': 1, 'listeners': [{'port': 22, 'proto': 'tcp'}]}
BACKUPS = {'format_version': 1, 'backups': []}


def test_gathers_the_three_documents(deafen):
    deafen.answers.update(list=(0, LIST, ''), scan=(0, SCAN, ''), backups=(0, BACKUPS, ''))
    deafen.set_args({'root': '/mnt/image'})
    r = deafen.run(mod.main)
    assert r['changed'] is False and r['list'] == LIST and r['scan'] == SCAN and r['backups'] == BACKUPS
    assert [c[2] for c in r['cmd']] == ['/mnt/image'] * 3
    assert [c[5:] for c in r['cmd']] == [['list'], ['scan'], ['backups']]


def test_gathers_what_is_asked(deafen):
    deafen.answers.update(list=(0, LIST, ''))
    deafen.set_args({'gather': ['list'], 'all': True, '_ansible_check_mode': True})
    r = deafen.run(mod.main)
    assert 'scan' not in r and 'backups' not in r and r['list'] == LIST
    assert [c[5:] for c in deafen.commands] == [['list', '--all']]


def test_fails_with_deafens_message(deafen):
    deafen.answers.update(list=(3, {'error': 'etc/inetd.conf:3: this line does not parse', 'status': 3}, ''))
    deafen.set_args({'gather': ['list']})
    r = deafen.run(mod.main)
    assert r['failed'] and r['rc'] == 3 and r['msg'] == 'deafen: etc/inetd.conf:3: this line does not parse'
