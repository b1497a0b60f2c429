#!/usr/bin/env python3
# Writes grammar/unicode_tables.cc from the Unicode Character Database of Python's unicodedata:
# the Latin letters with one combining mark (NFC/NFD), Cyrillic, Greek and other look-alikes of
# ASCII letters, invisible characters, full-width punctuation, and the names of all of them.
# Run from the repository root: python3 tools/gen_unicode_tables.py && clang-format -i grammar/unicode_tables.cc
import unicodedata as u
marks=[0x300,0x301,0x302,0x303,0x304,0x306,0x307,0x308,0x30A,0x30B,0x30C,0x327,0x328]
ranges=list(range(0xC0,0x180))+list(range(0x1CD,0x1DD))+[0x1D5,0x1D6,0x1D7,0x1D8,0x1D9,0x1DA,0x1DB,0x1DC,0x1F8,0x1F9]
comp=[]
for c in sorted(set(ranges)):
    d=u.decomposition(chr(c))
    if not d or d.startswith('<'): continue
    parts=[int(x,16) for x in d.split()]
    if len(parts)!=2 or parts[1] not in marks: continue
    base=parts[0]
    if not (base<0x80 or base in [x[2] for x in comp]): continue
    comp.append((base,parts[1],c))
# confusables: non-ASCII -> ASCII
conf={}
cyr={'а':'a','в':'B' ,'е':'e','о':'o','р':'p','с':'c','у':'y','х':'x','і':'i','ј':'j','ѕ':'s','ԁ':'d','һ':'h','ԛ':'q','ԝ':'w','ӏ':'l',
 'А':'A','В':'B','Е':'E','К':'K','М':'M','Н':'H','О':'O','Р':'P','С':'C','Т':'T','Х':'X','У':'Y','І':'I','Ј':'J','Ѕ':'S','Ԁ':'D','Һ':'h','Ԛ':'Q','Ԝ':'W','Ү':'Y','Ӏ':'l'}
del cyr['в']
grk={'α':'a','ο':'o','ρ':'p','ν':'v','ι':'i','κ':'k','υ':'u','γ':'y','Α':'A','Β':'B','Ε':'E','Ζ':'Z','Η':'H','Ι':'I','Κ':'K','Μ':'M','Ν':'N','Ο':'O','Ρ':'P','Τ':'T','Υ':'Y','Χ':'X'}
lat={'ı':'i','ɑ':'a','ɡ':'g','ǀ':'l','ℓ':'l','ⅰ':'i'}
for t in (cyr,grk,lat):
    for k,v in t.items(): conf[ord(k)]=v
for i in range(26):
    conf[0xFF21+i]=chr(65+i); conf[0xFF41+i]=chr(97+i)
invisible=[0xAD,0x34F,0x61C,0x115F,0x1160,0x17B4,0x17B5,0x180E]+list(range(0x200B,0x2010))+list(range(0x202A,0x202F))+list(range(0x2060,0x2065))+list(range(0x2066,0x2070))+[0x3164,0xFEFF,0xFFA0]
fw={'，':',','：':':','（':'(','）':')','；':';','＝':'=','［':'[','］':']','｛':'{','｝':'}','＋':'+','－':'-','＊':'*','／':'/','＜':'<','＞':'>','！':'!','＂':'"','＃':'#','＇':"'",'．':'.','＿':'_','“':'"','”':'"','‘':"'",'’':"'",'、':',','。':'.','【':'[','】':']','〔':'(','〕':')','　':' ','＾':'^','％':'%','＆':'&','｜':'|','～':'~','＼':'\\\\'}
names={}
def nm(c):
    try: return u.name(chr(c))
    except ValueError: return None
out=[]
out.append('// Generated from the Unicode Character Database (%s) by tools/gen_unicode_tables.py; see\n// unicode_tables.h for what each table holds.\n#include "unicode_tables.h"\n\nnamespace rubric::unicode {\n' % u.unidata_version)
out.append('const std::array<Composition, %d> kCompositions = {{' % len(comp))
for b,m,c in sorted(comp,key=lambda x:(x[0],x[1])):
    out.append('    {0x%04X, 0x%04X, 0x%04X},' % (b,m,c))
out.append('}};\n')
out.append('const std::array<Confusable, %d> kConfusables = {{' % len(conf))
for k in sorted(conf): out.append("    {0x%04X, '%s'},  // %s" % (k,conf[k],nm(k)))
out.append('}};\n')
inv=sorted(set(invisible))
out.append('const std::array<char32_t, %d> kInvisible = {{' % len(inv))
out.append('    ' + ', '.join('0x%04X'%c for c in inv) + ',')
out.append('}};\n')
out.append('const std::array<FullWidth, %d> kFullWidth = {{' % len(fw))
for k in sorted(fw, key=ord): out.append("    {0x%04X, '%s'}," % (ord(k),fw[k].replace("'","\\'")))
out.append('}};\n')
allc=set([c for b,m,c in comp]+marks+list(conf)+inv+[ord(k) for k in fw])
out.append('const std::array<CodePointName, %d> kNames = {{' % len(allc))
for c in sorted(allc): out.append('    {0x%04X, "%s"},' % (c,nm(c)))
out.append('}};\n\n}  // namespace rubric::unicode')
open('grammar/unicode_tables.cc','w').write('\n'.join(out)+'\n')
print(len(comp),len(conf),len(inv),len(fw),len(allc))
