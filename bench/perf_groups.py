#!/usr/bin/env python3
# Groups one thread's perf samples of a bench server by where the time goes (issue 16; bench/README.md,
# "Where the time goes"):
#   bench/perf_groups.py PERF_DATA THREAD_NAME LIBJNIDISPATCH_SO [v]
# The JNA dispatch library perf sees as a deleted jna*.tmp file is the jar's libjnidispatch.so; its static functions
# are stripped, so an address is named after the nearest exported symbol below it (ffi_* = libffi's closure and call
# code; Java_com_sun_jna_Native_close and JNA_* = JNA's dispatch and its errno store). "v" lists the top symbols.
import sys, re, subprocess, collections, bisect
syms=[]
nm=subprocess.run(['nm','-n',sys.argv[3]],capture_output=True,text=True).stdout
for l in nm.splitlines():
    p=l.split()
    if len(p)<3 or p[1] not in 'tT': continue
    a,t,n=p[:3]; syms.append((int(a,16),n))
syms.sort(); addrs=[a for a,_ in syms]
def jname(off):
    i=bisect.bisect_right(addrs,off)-1
    return syms[i][1] if i>=0 else '?'
f=sys.argv[1]; comm=sys.argv[2]
out=subprocess.run(['perf','report','-i',f,'--comms',comm,'--no-children','--sort','dso,sym','--stdio','-g','none','--percentage','relative'],capture_output=True,text=True).stdout
g=collections.Counter(); detail=collections.defaultdict(collections.Counter)
for l in out.splitlines():
    m=re.match(r'\s+([\d.]+)%\s+(.+?)\s+\[(.)\]\s+(.*)$',l)
    if not m: continue
    p=float(m.group(1)); dso=m.group(2).strip(); kind=m.group(3); sym=m.group(4).strip()
    if kind=='k' or 'kernel' in dso: grp='kernel'
    elif dso.startswith('jna') or dso.startswith('ffi'):
        mm=re.match(r'0x([0-9a-f]+)',sym); n=jname(int(mm.group(1),16)) if mm else sym
        grp='JNA dispatch: libffi (closure+call)' if n.startswith('ffi') else 'JNA dispatch: dispatch_direct & errno'
        sym=n
    elif dso.startswith('[JIT]'):
        if 'LibC.' in sym: grp='JIT: JNI wrappers of LibC natives'
        elif 'Native.getLastError' in sym: grp='JIT: JNA Native.getLastError'
        elif 'dev.epollgateway.engine' in sym: grp='JIT: engine Java'
        elif sym=='Interpreter': grp='JIT: interpreter'
        else: grp='JIT: other'
    elif dso=='libc.so.6':
        if sym in ('__send','read','epoll_wait','__GI___libc_write','__GI___pthread_disable_asynccancel','__GI___pthread_enable_asynccancel'): grp='libc: syscall wrappers'
        else: grp='libc: other (errno TLS, memset, memcpy)'
    elif dso=='libjvm.so': grp='libjvm (JNI checks, transitions)'
    elif 'libnio' in dso: grp='libnio (JNI)'
    else: grp='other: '+dso
    g[grp]+=p; detail[grp][sym]+=p
tot=sum(g.values()); user=tot-g['kernel']
print(f"samples% total {tot:.1f}, kernel {g['kernel']:.1f}, user {user:.1f}")
for k,v in g.most_common():
    if k=='kernel': continue
    print(f"{v:6.2f}% of thread  {100*v/user:5.1f}% of user  {k}")
    if len(sys.argv)>4:
        for s,pv in detail[k].most_common(6): print(f"          {pv:6.2f}% {s[:90]}")
