using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Rubric
{
    // The results of one row at a time: totals, node values, grades, vetoes, outputs,
    // explanations and the analyses as JSON.
    public sealed partial class Session
    {
        /// <summary>Evaluates everything from scratch (optional: results are always current).</summary>
        public void Evaluate()
        {
            lock (gate)
            {
                Check(NativeMethods.rubric_session_evaluate(H), "rubric_session_evaluate");
            }
        }

        private static double? Result(double value)
        {
            return Library.IsMissing(value) ? (double?)null : value;
        }

        /// <summary>
        /// The row's total, or null when it is missing (no part of it has a value:
        /// MissingReason says why). NotScorable when a required input is missing.
        /// </summary>
        public double? Total(int row)
        {
            lock (gate)
            {
                double total;
                Check(NativeMethods.rubric_session_total(H, Index(row, "row"), out total), "rubric_session_total");
                return Result(total);
            }
        }

        /// <summary>The points (or value) of a group or indicator, or null when it is missing.</summary>
        public double? NodeValue(int row, int node)
        {
            lock (gate)
            {
                double value;
                Check(NativeMethods.rubric_session_node_value(H, Index(row, "row"), Index(node, "node"), out value),
                      "rubric_session_node_value");
                return Result(value);
            }
        }

        public double? NodeValue(int row, string node)
        {
            return NodeValue(row, NodeIndex(node));
        }

        /// <summary>The grade's name, or null when the standard has no grades or none applies.</summary>
        public string Grade(int row)
        {
            lock (gate)
            {
                IntPtr grade;
                Check(NativeMethods.rubric_session_grade(H, Index(row, "row"), out grade), "rubric_session_grade");
                return Text.Borrow(grade);
            }
        }

        /// <summary>Whether the row has results (false when a required input is missing).</summary>
        public bool Scorable(int row)
        {
            lock (gate)
            {
                int scorable;
                Check(NativeMethods.rubric_session_scorable(H, Index(row, "row"), out scorable),
                      "rubric_session_scorable");
                return scorable != 0;
            }
        }

        /// <summary>Whether any veto fired for the row.</summary>
        public bool Vetoed(int row)
        {
            lock (gate)
            {
                int vetoed;
                Check(NativeMethods.rubric_session_vetoed(H, Index(row, "row"), out vetoed), "rubric_session_vetoed");
                return vetoed != 0;
            }
        }

        /// <summary>The ids of the vetoes that fired for the row, in declaration order.</summary>
        public IReadOnlyList<string> FiredVetoes(int row)
        {
            lock (gate)
            {
                UIntPtr r = Index(row, "row");
                UIntPtr count;
                Check(NativeMethods.rubric_session_fired_veto_count(H, r, out count), "rubric_session_fired_veto_count");
                var ids = new List<string>();
                for (ulong k = 0; k < count.ToUInt64(); k++)
                {
                    UIntPtr veto;
                    Check(NativeMethods.rubric_session_fired_veto(H, r, new UIntPtr(k), out veto),
                          "rubric_session_fired_veto");
                    ids.Add(Standard.Vetoes[(int)veto.ToUInt64()].Id);
                }
                return ids;
            }
        }

        /// <summary>Why a scorable row's total is missing, or "" when it has one.</summary>
        public string MissingReason(int row)
        {
            lock (gate)
            {
                IntPtr reason;
                Check(NativeMethods.rubric_session_missing_reason(H, Index(row, "row"), out reason),
                      "rubric_session_missing_reason");
                return Text.Take(reason) ?? "";
            }
        }

        /// <summary>The explanation of nodeId (null: the whole standard) for the row, as JSON.</summary>
        public string ExplainJson(int row, string nodeId = null)
        {
            byte[] node = Text.Utf8Z(nodeId, "node id");
            lock (gate)
            {
                IntPtr json;
                Check(NativeMethods.rubric_session_explain_json(H, Index(row, "row"), node, out json),
                      "rubric_session_explain_json");
                return Text.Take(json) ?? "";
            }
        }

        /// <summary>The values <c>impute</c> estimated in the row, as a JSON array ("[]" when none).</summary>
        public string ImputationsJson(int row)
        {
            lock (gate)
            {
                IntPtr json;
                Check(NativeMethods.rubric_session_imputations_json(H, Index(row, "row"), out json),
                      "rubric_session_imputations_json");
                return Text.Take(json) ?? "";
            }
        }

        /// <summary>An output's value (a named band gives its number), or null when it is missing.</summary>
        public double? OutputValue(int row, int output)
        {
            lock (gate)
            {
                double value;
                Check(NativeMethods.rubric_session_output_value(H, Index(row, "row"), Index(output, "output"), out value),
                      "rubric_session_output_value");
                return Result(value);
            }
        }

        public double? OutputValue(int row, string output)
        {
            return OutputValue(row, OutputIndex(output));
        }

        /// <summary>An output as text: a named band's name, else the number; "" when missing.</summary>
        public string OutputText(int row, int output)
        {
            lock (gate)
            {
                IntPtr text;
                Check(NativeMethods.rubric_session_output_text(H, Index(row, "row"), Index(output, "output"), out text),
                      "rubric_session_output_text");
                return Text.Take(text) ?? "";
            }
        }

        public string OutputText(int row, string output)
        {
            return OutputText(row, OutputIndex(output));
        }

        /// <summary>
        /// How robust the ranking is when the weights vary (rubric sensitivity), as JSON.
        /// optionsJson: null or "" for the defaults, else e.g. {"samples": 200, "seed": 1}.
        /// </summary>
        public string SensitivityJson(string optionsJson = null)
        {
            byte[] options = Text.Utf8Z(optionsJson, "options");
            lock (gate)
            {
                IntPtr json;
                Check(NativeMethods.rubric_session_sensitivity_json(H, options, out json),
                      "rubric_session_sensitivity_json");
                return Text.Take(json) ?? "";
            }
        }

        /// <summary>
        /// Runs [firstRun, firstRun + runCount) of the sweep of optionsJson, as an opaque
        /// block (for another process or machine to compute; SensitivityMergeJson joins
        /// the blocks). Sobol sweeps are not split.
        /// </summary>
        public byte[] SensitivityRuns(long firstRun, long runCount, string optionsJson = null)
        {
            if (firstRun < 0 || runCount < 0)
            {
                throw new ArgumentOutOfRangeException(firstRun < 0 ? "firstRun" : "runCount");
            }
            byte[] options = Text.Utf8Z(optionsJson, "options");
            lock (gate)
            {
                IntPtr block;
                UIntPtr size;
                Check(NativeMethods.rubric_session_sensitivity_runs(H, options, (UIntPtr)(ulong)firstRun,
                                                                    (UIntPtr)(ulong)runCount, out block, out size),
                      "rubric_session_sensitivity_runs");
                try
                {
                    byte[] bytes = new byte[checked((int)(ulong)size)];
                    Marshal.Copy(block, bytes, 0, bytes.Length);
                    return bytes;
                }
                finally
                {
                    NativeMethods.rubric_string_free(block);
                }
            }
        }

        /// <summary>
        /// The sweep's JSON from its blocks (SensitivityRuns, in any order): the same text,
        /// to the last bit, as SensitivityJson with the same options. Blocks that miss or
        /// repeat runs, or were made with other options or data, are refused.
        /// </summary>
        public string SensitivityMergeJson(IList<byte[]> blocks, string optionsJson = null)
        {
            if (blocks == null)
            {
                throw new ArgumentNullException("blocks");
            }
            byte[] options = Text.Utf8Z(optionsJson, "options");
            var pins = new GCHandle[blocks.Count];
            var pointers = new IntPtr[blocks.Count];
            var sizes = new UIntPtr[blocks.Count];
            try
            {
                for (int i = 0; i < blocks.Count; i++)
                {
                    if (blocks[i] == null)
                    {
                        throw new ArgumentNullException("blocks", "block " + i + " is null");
                    }
                    pins[i] = GCHandle.Alloc(blocks[i], GCHandleType.Pinned);
                    pointers[i] = pins[i].AddrOfPinnedObject();
                    sizes[i] = (UIntPtr)(ulong)blocks[i].Length;
                }
                lock (gate)
                {
                    IntPtr json;
                    Check(NativeMethods.rubric_session_sensitivity_merge_json(H, options, pointers, sizes,
                                                                              (UIntPtr)(ulong)blocks.Count, out json),
                          "rubric_session_sensitivity_merge_json");
                    return Text.Take(json) ?? "";
                }
            }
            finally
            {
                foreach (GCHandle pin in pins)
                {
                    if (pin.IsAllocated)
                    {
                        pin.Free();
                    }
                }
            }
        }

        /// <summary>
        /// What it would take for the row to reach its next grade (rubric goal), as JSON.
        /// optionsJson: null for the next grade, or e.g. {"grade": "A"}, {"total": 80}.
        /// </summary>
        public string GoalJson(int row, string optionsJson = null)
        {
            byte[] options = Text.Utf8Z(optionsJson, "options");
            lock (gate)
            {
                IntPtr json;
                Check(NativeMethods.rubric_session_goal_json(H, Index(row, "row"), options, out json),
                      "rubric_session_goal_json");
                return Text.Take(json) ?? "";
            }
        }

        /// <summary>
        /// What moved a score between two periods (rubric attribute), as JSON; optionsJson is
        /// {"entity": "E", "from": P1, "to": P2}.
        /// </summary>
        public string AttributeJson(string optionsJson)
        {
            byte[] options = Text.Utf8Z(optionsJson, "options");
            lock (gate)
            {
                IntPtr json;
                Check(NativeMethods.rubric_session_attribute_json(H, options, out json),
                      "rubric_session_attribute_json");
                return Text.Take(json) ?? "";
            }
        }

        /// <summary>Kernel runs since the session was created.</summary>
        public ulong Ops
        {
            get
            {
                lock (gate)
                {
                    return NativeMethods.rubric_session_ops(H);
                }
            }
        }
    }
}
