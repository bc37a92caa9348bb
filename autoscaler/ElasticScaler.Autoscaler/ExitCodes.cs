namespace ElasticScaler.Autoscaler;

/// <summary>Process exit codes of the autoscaler's commands.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something failed at run time.</summary>
    public const int Failed = 1;
    /// <summary>Bad arguments or a bad input file; the message names the problem and the fix.</summary>
    public const int BadInput = 2;
}
