namespace ElasticScaler.LoadTest;

/// <summary>
/// A scenario, simulation, threshold or option that cannot run as given. The message names the field, the bad value
/// and the fix; the command line turns it into exit code 2.
/// </summary>
public sealed class LoadConfigException(string message) : Exception(message);
