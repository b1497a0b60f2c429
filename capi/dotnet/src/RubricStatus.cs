namespace Rubric
{
    /// <summary>The rubric_status codes of capi/rubric.h (fixed for the major version).</summary>
    public enum RubricStatus
    {
        /// <summary>RUBRIC_OK; also the status of errors raised by the binding before any call.</summary>
        Ok = 0,
        /// <summary>NULL where a value is needed, a bad key or value.</summary>
        InvalidArgument = 1,
        /// <summary>An unknown id, entity/period, or a result that does not exist.</summary>
        NotFound = 2,
        /// <summary>A duplicate (entity, period) row.</summary>
        AlreadyExists = 3,
        /// <summary>An index past the end, or a removed row.</summary>
        OutOfRange = 4,
        /// <summary>A value of the wrong kind for the input (e.g. a number for an enum).</summary>
        TypeMismatch = 5,
        /// <summary>A string that is not valid UTF-8 (in .NET: a lone surrogate).</summary>
        InvalidUtf8 = 6,
        /// <summary>The standard has errors: see the diagnostics.</summary>
        CompileError = 7,
        /// <summary>The data have errors: see the diagnostics.</summary>
        DataError = 8,
        /// <summary>The row has no results (a required input is missing).</summary>
        NotScorable = 9,
        NoMemory = 10,
        /// <summary>The loaded librubric cannot serve this binding.</summary>
        VersionMismatch = 11,
        /// <summary>A bug in rubric: please report it.</summary>
        Internal = 12,
    }
}
