using System.Globalization;

namespace ElasticScaler.Sim.Api;

/// <summary>apimachinery's duration.HumanDuration, the AGE column text ("45s", "5m3s", "47m", "3h5m", "26h", "3d4h", "12d", "2y45d").</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var inv = CultureInfo.InvariantCulture;
        if (d.TotalSeconds < -1)
            return "<invalid>";
        if (d.TotalSeconds < 0)
            return "0s";
        var s = (long)d.TotalSeconds;
        if (s < 120)
            return s.ToString(inv) + "s";
        var m = (long)d.TotalMinutes;
        if (m < 10)
            return s % 60 == 0 ? $"{m}m" : $"{m}m{s % 60}s";
        if (m < 180)
            return $"{m}m";
        var h = (long)d.TotalHours;
        if (h < 8)
            return m % 60 == 0 ? $"{h}h" : $"{h}h{m % 60}m";
        if (h < 48)
            return $"{h}h";
        if (h < 192)
            return h % 24 == 0 ? $"{h / 24}d" : $"{h / 24}d{h % 24}h";
        if (h < 24 * 365 * 2)
            return $"{h / 24}d";
        if (h < 24 * 365 * 8)
        {
            var dy = h / 24 % 365;
            return dy == 0 ? $"{h / 24 / 365}y" : $"{h / 24 / 365}y{dy}d";
        }
        return $"{h / 24 / 365}y";
    }
}
