# gdb script (tests/cli/units_graph.sh): count the calls from gerrymeter's own code (the
# executable, not a library) into GDAL/OGR/OSR/CPL/VSI, by caller, through its PLT stubs;
# prints "GDALCALL FUNCTION from CALLER xN" lines when the program exits.
import gdb, re
gdb.execute("set pagination off")
gdb.execute("set confirm off")
out = gdb.execute("info functions @plt", to_string=True)
names = sorted(set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)@plt", out)))
pat = re.compile(r"^(OGR|GDAL|OSR|OCT|CPL|VSI|CSL)")
hits = {}
class B(gdb.Breakpoint):
    def __init__(self, name):
        super().__init__("'%s@plt'" % name, internal=True)
        self.fname = name
    def stop(self):
        f = gdb.newest_frame().older()
        if f is None or gdb.solib_name(f.pc()) is not None:
            return False  # a call inside a library
        k = (self.fname, f.name() or "?")
        hits[k] = hits.get(k, 0) + 1
        return False
n = 0
for name in names:
    if pat.match(name):
        B(name); n += 1
def done(e):
    print("GDALCALLS stubs=%d" % n)
    for (fn, caller), c in sorted(hits.items()):
        print("GDALCALL %s from %s x%d" % (fn, caller, c))
gdb.events.exited.connect(done)
gdb.execute("run")
