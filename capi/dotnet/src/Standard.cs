using System;
using System.Collections.Generic;

namespace Rubric
{
    /// <summary>
    /// A compiled standard (rubric_standard): immutable, and shareable between threads. Any
    /// number of threads may read it and create sessions from it at the same time. Its
    /// metadata are read once, when it is compiled. Dispose it when done; a session keeps
    /// the compiled standard alive, so disposing the standard while sessions exist is
    /// allowed and they stay usable. A finalizer frees a standard that is never disposed.
    /// </summary>
    public sealed class Standard : IDisposable
    {
        private readonly StandardHandle handle;
        private readonly Dictionary<string, int> inputIndex = new Dictionary<string, int>();
        private readonly Dictionary<string, int> nodeIndex = new Dictionary<string, int>();
        private readonly Dictionary<string, int> outputIndex = new Dictionary<string, int>();
        private string contentHash;

        private Standard(StandardHandle handle, IReadOnlyList<Diagnostic> diagnostics)
        {
            this.handle = handle;
            Diagnostics = diagnostics;
            Id = Text.Borrow(NativeMethods.rubric_standard_id(handle)) ?? "";
            Title = Text.Borrow(NativeMethods.rubric_standard_title(handle)) ?? "";
            Version = Text.Borrow(NativeMethods.rubric_standard_version(handle)) ?? "";
            Inputs = ReadInputs();
            Nodes = ReadNodes();
            var outputs = new List<Output>();
            int count = Count(NativeMethods.rubric_standard_output_count(handle));
            for (int i = 0; i < count; i++)
            {
                var k = new UIntPtr((uint)i);
                outputs.Add(new Output(i, Text.Borrow(NativeMethods.rubric_standard_output_id(handle, k)),
                                       Text.Borrow(NativeMethods.rubric_standard_output_label(handle, k))));
                outputIndex[outputs[i].Id] = i;
            }
            Outputs = outputs;
            var vetoes = new List<Veto>();
            count = Count(NativeMethods.rubric_standard_veto_count(handle));
            for (int i = 0; i < count; i++)
            {
                var k = new UIntPtr((uint)i);
                vetoes.Add(new Veto(i, Text.Borrow(NativeMethods.rubric_standard_veto_id(handle, k)),
                                    Text.Borrow(NativeMethods.rubric_standard_veto_label(handle, k))));
            }
            Vetoes = vetoes;
            var grades = new List<string>();
            count = Count(NativeMethods.rubric_standard_grade_count(handle));
            for (int i = 0; i < count; i++)
            {
                grades.Add(Text.Borrow(NativeMethods.rubric_standard_grade_name(handle, new UIntPtr((uint)i))));
            }
            Grades = grades;
            IntPtr json;
            int status = NativeMethods.rubric_standard_weighted_groups_json(handle, out json);
            WeightedGroupsJson = status == 0 ? Text.Take(json) : "[]";
        }

        private IReadOnlyList<Input> ReadInputs()
        {
            var inputs = new List<Input>();
            int count = Count(NativeMethods.rubric_standard_input_count(handle));
            for (int i = 0; i < count; i++)
            {
                var k = new UIntPtr((uint)i);
                var options = new List<string>();
                int n = Count(NativeMethods.rubric_standard_input_option_count(handle, k));
                for (int o = 0; o < n; o++)
                {
                    options.Add(Text.Borrow(NativeMethods.rubric_standard_input_option(handle, k, new UIntPtr((uint)o))));
                }
                int type = NativeMethods.rubric_standard_input_type(handle, k);
                var input = new Input(i, Text.Borrow(NativeMethods.rubric_standard_input_id(handle, k)),
                                      Text.Borrow(NativeMethods.rubric_standard_input_label(handle, k)),
                                      type >= 0 && type <= (int)InputType.Text ? (InputType)type : InputType.Unknown,
                                      Text.Borrow(NativeMethods.rubric_standard_input_unit(handle, k)), options);
                inputs.Add(input);
                inputIndex[input.Id] = i;
            }
            return inputs;
        }

        private IReadOnlyList<Node> ReadNodes()
        {
            var nodes = new List<Node>();
            int count = Count(NativeMethods.rubric_standard_node_count(handle));
            for (int i = 0; i < count; i++)
            {
                var k = new UIntPtr((uint)i);
                UIntPtr parent;
                double points;
                int? parentIndex = null;
                double? pointsValue = null;
                if (NativeMethods.rubric_standard_node_parent(handle, k, out parent) == 0)
                {
                    parentIndex = (int)parent.ToUInt64();
                }
                if (NativeMethods.rubric_standard_node_points(handle, k, out points) == 0)
                {
                    pointsValue = points;
                }
                var node = new Node(i, Text.Borrow(NativeMethods.rubric_standard_node_id(handle, k)),
                                    Text.Borrow(NativeMethods.rubric_standard_node_label(handle, k)),
                                    NativeMethods.rubric_standard_node_kind(handle, k) == 1,
                                    parentIndex, pointsValue);
                nodes.Add(node);
                nodeIndex[node.Id] = i;
            }
            return nodes;
        }

        private static int Count(UIntPtr count)
        {
            return (int)Math.Min(count.ToUInt64(), (ulong)int.MaxValue);
        }

        /// <summary>
        /// Compiles rubric source. fileName (may be null) is the name diagnostics show.
        /// Throws CompileException, with the diagnostics, when the source has errors.
        /// </summary>
        public static Standard Compile(string source, string fileName = null)
        {
            if (source == null)
            {
                throw new ArgumentNullException("source");
            }
            Library.CheckVersion();
            byte[] bytes = Text.Utf8(source, "source");
            using (var options = new Options().Set("file_name", fileName))
            {
                StandardHandle standard;
                DiagnosticsHandle diagnostics;
                int status = NativeMethods.rubric_standard_compile(out standard, out diagnostics, bytes,
                                                                   new UIntPtr((uint)bytes.Length), options.Handle);
                return Finish(status, "rubric_standard_compile", standard, diagnostics);
            }
        }

        /// <summary>
        /// Reads and compiles the rubric file at path. With readBases, a variant
        /// (<c>extends BASE from "FILE"</c>) reads its base from the folder of path (or below).
        /// Throws CompileException when the file has errors or cannot be read (E0009).
        /// </summary>
        public static Standard CompileFile(string path, bool readBases = false)
        {
            if (path == null)
            {
                throw new ArgumentNullException("path");
            }
            Library.CheckVersion();
            using (var options = new Options().Set("read_bases", readBases ? 1 : 0))
            {
                StandardHandle standard;
                DiagnosticsHandle diagnostics;
                int status = NativeMethods.rubric_standard_compile_file(out standard, out diagnostics,
                                                                        Text.Utf8Z(path, "path"), options.Handle);
                return Finish(status, "rubric_standard_compile_file", standard, diagnostics);
            }
        }

        private static Standard Finish(int status, string function, StandardHandle standard,
                                       DiagnosticsHandle diagnostics)
        {
            IReadOnlyList<Diagnostic> list = Diagnostic.ReadAndFree(diagnostics);
            if (status != 0)
            {
                standard.Dispose();
                string detail = status == (int)RubricStatus.CompileError
                    ? Diagnostic.Summary(list, "the standard has errors")
                    : Library.StatusString((RubricStatus)status);
                throw RubricException.Of(status, function, detail, list);
            }
            return new Standard(standard, list);
        }

        /// <summary>A new, empty session over this standard (same as new Session(this)).</summary>
        public Session NewSession()
        {
            return new Session(this);
        }

        /// <summary>The native handle; ObjectDisposedException after Dispose.</summary>
        internal StandardHandle Handle
        {
            get
            {
                if (handle.IsClosed)
                {
                    throw new ObjectDisposedException("Standard");
                }
                return handle;
            }
        }

        public string Id { get; private set; }
        public string Title { get; private set; }
        public string Version { get; private set; }

        /// <summary>
        /// The content hash of the compiled standard ("sha256:" and 64 hex digits, from
        /// rubric_standard_content_hash): the same for every formatting of the same meaning.
        /// </summary>
        public string ContentHash
        {
            get
            {
                string hash = contentHash;
                if (hash != null)
                {
                    return hash;
                }
                StandardHandle h = Handle;
                bool added = false;
                try
                {
                    // Hold a reference while copying: the string lives as long as the standard.
                    h.DangerousAddRef(ref added);
                    hash = Text.Borrow(NativeMethods.rubric_standard_content_hash(h)) ?? "";
                }
                finally
                {
                    if (added)
                    {
                        h.DangerousRelease();
                    }
                }
                contentHash = hash;
                return hash;
            }
        }

        /// <summary>The warnings (and notes) of compiling.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; private set; }
        public IReadOnlyList<Input> Inputs { get; private set; }
        /// <summary>The groups and indicators, in pre-order.</summary>
        public IReadOnlyList<Node> Nodes { get; private set; }
        /// <summary>The vetoes, in declaration order.</summary>
        public IReadOnlyList<Veto> Vetoes { get; private set; }
        /// <summary>The grades' names, in declaration order.</summary>
        public IReadOnlyList<string> Grades { get; private set; }
        /// <summary>The outputs (<c>output let</c>), in declaration order.</summary>
        public IReadOnlyList<Output> Outputs { get; private set; }
        /// <summary>The weighted groups (<c>aggregate</c>, <c>weights</c>) as a JSON array.</summary>
        public string WeightedGroupsJson { get; private set; }

        /// <summary>The input with this id; a RubricException (NotFound) when there is none.</summary>
        public Input Input(string id)
        {
            return Inputs[Find(inputIndex, id, "input")];
        }

        /// <summary>The group or indicator with this id; a RubricException (NotFound) when there is none.</summary>
        public Node Node(string id)
        {
            return Nodes[Find(nodeIndex, id, "group or indicator")];
        }

        /// <summary>The output with this id; a RubricException (NotFound) when there is none.</summary>
        public Output Output(string id)
        {
            return Outputs[Find(outputIndex, id, "output")];
        }

        private static int Find(Dictionary<string, int> index, string id, string what)
        {
            int i;
            if (id == null || !index.TryGetValue(id, out i))
            {
                throw new RubricException(RubricStatus.NotFound, null, "no " + what + " '" + id + "'");
            }
            return i;
        }

        public bool IsDisposed { get { return handle.IsClosed; } }

        /// <summary>Frees the standard (idempotent). Sessions created from it stay usable.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
