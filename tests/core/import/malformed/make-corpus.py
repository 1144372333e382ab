#!/usr/bin/env python3
"""Writes the malformed-input corpus used by test-import-malformed.c.

Run once from this directory (the files are committed); each file is a
small, deliberately broken variant of a valid RIPE Atlas JSON/NDJSON file,
labelled RTT trace, timestamp,probe_id,rtt CSV or iputils ping log.
"""
import gzip, io, os, random

here = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(20260101)

def w(name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(here, name), 'wb') as fh:
        fh.write(data)

def ping(ts, prb=6798, rtt='31.47', extra=''):
    return ('{"fw":5020,"mver":"2.2.1","lts":43,"af":4,"dst_addr":"203.119.111.139","proto":"ICMP",'
            '"result":[{"rtt":%s},{"rtt":31.6},{"x":"*"}],"dup":0,"rcvd":2,"sent":3,"min":31.47,'
            '"max":31.6,"avg":31.5,"msm_id":26858348,"prb_id":%d,"timestamp":%s,"type":"ping"%s}'
            % (rtt, prb, ts, extra))

good = '[' + ','.join(ping(1599523340 + 240 * i) for i in range(3)) + ']'
good_nd = ''.join(ping(1599523340 + 240 * i) + '\n' for i in range(3))

w('ripe-truncated-object.json', good[:150])
w('ripe-truncated-string.json', good[:good.index('"ping"', 400) + 3])
w('ripe-truncated-after-comma.json', good[:good.index('},{', 300) + 2])
w('ripe-truncated.ndjson', good_nd[:len(good_nd) - 40])
w('ripe-rtt-string.json', '[' + ping(1599523340, rtt='"31.47"') + ']')
w('ripe-timestamp-string.json', '[' + ping('"1599523340"') + ']')
w('ripe-nan.json', '[' + ping(1599523340, rtt='NaN') + ']')
w('ripe-infinity.json', '[' + ping(1599523340, extra=',"avg2":Infinity') + ']')
w('ripe-nan-string.json', '[' + ping(1599523340, rtt='"NaN"') + ']')
w('ripe-absurd-rtt.json', '[' + ping(1599523340, rtt='1e9') + ']')
w('ripe-absurd-timestamp.json', '[' + ping(99999999999) + ']')
w('ripe-negative-sent.json', '[' + ping(1599523340).replace('"sent":3', '"sent":-3') + ']')
w('ripe-rcvd-gt-sent.json', '[' + ping(1599523340).replace('"rcvd":2', '"rcvd":9') + ']')
w('ripe-binary.json', b'[' + bytes(rnd.randrange(256) for _ in range(3000)))
w('ripe-empty.json', b'')
w('ripe-missing-msm.json', '[' + ping(1599523340).replace('"msm_id":26858348,', '') + ']')
w('ripe-missing-timestamp.ndjson', good_nd + ping(1599523340).replace('"timestamp":1599523340,', '') + '\n')
w('ripe-bad-utf8.json', ('[' + ping(1599523340).replace('"ICMP"', '"IC\x00MP"') + ']').encode().replace(b'\x00', b'\xff\xfe'))
w('ripe-only-traceroute.json', '[{"fw":5020,"type":"traceroute","msm_id":5001,"prb_id":4,'
  '"timestamp":1599523340,"result":[{"hop":1,"result":[{"rtt":1.0}]}]}]')
w('ripe-af-7.json', '[' + ping(1599523340).replace('"af":4', '"af":7') + ']')
w('ripe-lts-string.json', '[' + ping(1599523340).replace('"lts":43', '"lts":"43"') + ']')
w('ripe-deep-nesting.json', '[' + ping(1599523340, extra=',"x":' + '[' * 200 + ']' * 200) + ']')
w('ripe-bad-gzip.json.gz', b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03' + bytes(rnd.randrange(256) for _ in range(500)))
big = '[' + ','.join(ping(1599523340 + 240 * i, rtt='%d.%d' % (20 + i % 50, i % 7)) for i in range(400)) + ']'
gz = gzip.compress(big.encode(), mtime=0)
w('ripe-truncated.json.gz', gz[:len(gz) // 2])
w('ripe-gzip-garbage.json.gz', gzip.compress(bytes(rnd.randrange(256) for _ in range(2000)), mtime=0))

trace = 'epoch;rtt;cp\n2016-10-14 21:17:00;178.9;0\n2016-10-14 21:21:00;178.7;0\n2016-10-14 21:25:00;-3;1\n'
w('trace-truncated.csv', trace[:trace.index('21:21') + 3])
w('trace-bad-date.csv', trace.replace('2016-10-14 21:21:00', '2016-13-45 21:21:00'))
w('trace-missing-column.csv', trace.replace('178.7;0', '178.7'))
w('trace-nan.csv', trace.replace('178.7', 'NaN'))
w('trace-absurd-rtt.csv', trace.replace('178.7', '99999999'))

rtt = 'timestamp,probe_id,rtt\n1600000000,6012,31.5\n1600000240,6012,32.0\n'
w('rtt-missing-column.csv', rtt + '1600000480,6012\n')
w('rtt-infinity.csv', rtt.replace('32.0', 'Infinity'))
w('rtt-bad-timestamp.csv', rtt.replace('1600000240', 'yesterday'))
w('rtt-wrong-type.csv', rtt.replace('6012,32.0', '6012,fast'))

log_lines = ['1660000000000', 'PING 3.19.94.93 (3.19.94.93) 38(66) bytes of data.']
log_lines += ['46 bytes from 3.19.94.93: icmp_seq=%d ttl=40 time=%d.%d ms' % (i, 40 + i % 9, i % 10) for i in range(1, 11)]
log_lines += ['', '--- 3.19.94.93 ping statistics ---',
              '10 packets transmitted, 10 received, 0% packet loss, time 1800ms',
              'rtt min/avg/max/mdev = 40.1/44.0/48.9/2.5 ms']
log = '\n'.join(log_lines) + '\n'
w('ping-truncated-reply.out', log[:log.index('icmp_seq=6') + 5])
w('ping-no-summary.out', log[:log.index('\n--- ') + 1])
w('ping-truncated-summary.out', log[:log.index('/44.0') + 3])
w('ping-count-mismatch.out', log.replace('10 received', '9 received'))
w('ping-binary.out', log[:200].encode() + bytes([0]) + bytes(rnd.randrange(256) for _ in range(300)))
w('ping-absurd-time.out', log.replace('time=45.5 ms', 'time=99999999 ms'))
w('ping-bad-epoch.out', log.replace('1660000000000', '99999999999999999'))
w('ping-seq-beyond.out', log.replace('icmp_seq=7 ', 'icmp_seq=70 '))
w('ping-garbage-line.out', log.replace('46 bytes from 3.19.94.93: icmp_seq=4 ', 'hello world icmp_seq=4 '))
w('ping-nan-time.out', log.replace('time=45.5 ms', 'time=nan ms'))

w('garbage.bin', bytes(rnd.randrange(256) for _ in range(4096)))
w('empty.csv', b'')
