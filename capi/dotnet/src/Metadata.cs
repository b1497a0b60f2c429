using System.Collections.Generic;

namespace Rubric
{
    /// <summary>The types of inputs (RUBRIC_TYPE_*).</summary>
    public enum InputType
    {
        Unknown = -1,
        Bool = 0,
        Number = 1,
        Percent = 2,
        Integer = 3,
        Rank = 4,
        Enum = 5,
        Text = 6,
    }

    /// <summary>An input of a standard: index, id, label, type, unit ("" when none) and enum options.</summary>
    public sealed class Input
    {
        internal Input(int index, string id, string label, InputType type, string unit,
                       IReadOnlyList<string> options)
        {
            Index = index;
            Id = id;
            Label = label ?? "";
            Type = type;
            Unit = unit ?? "";
            Options = options;
        }

        public int Index { get; private set; }
        public string Id { get; private set; }
        public string Label { get; private set; }
        public InputType Type { get; private set; }
        public string Unit { get; private set; }
        /// <summary>An enum's options in declaration order (empty for other types).</summary>
        public IReadOnlyList<string> Options { get; private set; }

        public override string ToString() { return Id; }
    }

    /// <summary>A group or indicator of a standard, in pre-order.</summary>
    public sealed class Node
    {
        internal Node(int index, string id, string label, bool isIndicator, int? parent, double? points)
        {
            Index = index;
            Id = id;
            Label = label ?? "";
            IsIndicator = isIndicator;
            Parent = parent;
            Points = points;
        }

        public int Index { get; private set; }
        public string Id { get; private set; }
        public string Label { get; private set; }
        /// <summary>True for an indicator, false for a group.</summary>
        public bool IsIndicator { get; private set; }
        /// <summary>The parent's index, or null for a top-level node.</summary>
        public int? Parent { get; private set; }
        /// <summary>The node's possible points, or null when it has none (a free-form value).</summary>
        public double? Points { get; private set; }

        public override string ToString() { return Id; }
    }

    /// <summary>An output (<c>output let</c>) of a standard: index, id and label ("" when none).</summary>
    public sealed class Output
    {
        internal Output(int index, string id, string label)
        {
            Index = index;
            Id = id;
            Label = label ?? "";
        }

        public int Index { get; private set; }
        public string Id { get; private set; }
        public string Label { get; private set; }

        public override string ToString() { return Id; }
    }

    /// <summary>A veto of a standard: index, id and label ("" when none).</summary>
    public sealed class Veto
    {
        internal Veto(int index, string id, string label)
        {
            Index = index;
            Id = id;
            Label = label ?? "";
        }

        public int Index { get; private set; }
        public string Id { get; private set; }
        public string Label { get; private set; }

        public override string ToString() { return Id; }
    }

    /// <summary>A live row of a session: its index, entity and period.</summary>
    public struct Row
    {
        public Row(int index, string entity, long period)
            : this()
        {
            Index = index;
            Entity = entity;
            Period = period;
        }

        public int Index { get; private set; }
        public string Entity { get; private set; }
        public long Period { get; private set; }

        public override string ToString() { return Entity + "/" + Period; }
    }
}
