using Detect.Generators.Tests.Infrastructure;

namespace Detect.Generators.Tests;

/// <summary>
/// The config record generated for a user-defined component: properties mirror the attribute (defaults,
/// keys, docs) and Build() passes them to the component by name, converting lists, tuples, enums,
/// unset values and sub-slots as the constructor needs.
/// </summary>
public sealed class ComponentRecordTests
{
    private const string Component = """
        using System.Collections.Generic;
        using Detect.Config;

        namespace Users;

        public enum Mode { Fast, Exact }

        public readonly record struct Level(int Value)
        {
            public static implicit operator Level(int value) => new(value);
        }

        public sealed record Options
        {
            public double Scale { get; init; } = 1.0;
            public Mode Kind { get; init; }
        }

        public sealed class TinyBackbone
        {
            public TinyBackbone(int width, IReadOnlyList<Level> levels, (int Width, int Height) size, Mode mode = Mode.Fast,
                double? scale = null, IReadOnlyList<double>? weights = null, string root = "data", Options? options = null) { }
            public TinyBackbone(string name) { }
        }

        public sealed class TinyOptions { }

        /// <summary>A user backbone.</summary>
        [Register("TinyBackbone", Builds = typeof(TinyBackbone))]
        [FixedOutputsRule(Channels = [16, 32], Strides = [8, 16])]
        public sealed class TinyBackboneAttribute : BackboneAttribute
        {
            /// <summary>Channel width.</summary>
            [InRange(1, 1024)]
            public int Width { get; set; } = 16;
            /// <summary>Levels.</summary>
            public int[] Levels { get; set; } = [8, 16];
            /// <summary>Input size.</summary>
            [Length(2)]
            public int[] Size { get; set; } = [64, 48];
            /// <summary>Mode by name.</summary>
            public string Mode { get; set; } = "exact";
            /// <summary>0: unset.</summary>
            public double Scale { get; set; }
            /// <summary>Empty: unset.</summary>
            public double[] Weights { get; set; } = [];
            /// <summary>Data root.</summary>
            public string? Root { get; set; }
            /// <summary>Options.</summary>
            public TinyOptionsAttribute? Options { get; }
        }

        /// <summary>Options built into an init-only record.</summary>
        [Register("TinyOptions", Builds = typeof(Options))]
        [Preset("Kind", "Exact")]
        public sealed class TinyOptionsAttribute : ComponentAttribute
        {
            /// <summary>Scale.</summary>
            public double Scale { get; set; } = 2.0;
        }
        """;

    [Fact]
    public void Record_mirrors_the_attribute_and_Build_maps_by_name()
    {
        var run = GeneratorHarness.Generate(("Components/TinyBackbone.cs", Component));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Snapshot.Match("ComponentRecord", run.Source("Users.TinyBackboneConfig.g.cs"));
        Snapshot.Match("InitOnlyComponentRecord", run.Source("Users.TinyOptionsConfig.g.cs"));
    }

    [Fact]
    public void Build_calls_the_constructor_with_converted_values()
    {
        var assembly = GeneratorHarness.Load(("Components/TinyBackbone.cs", Component));
        var config = (Detect.Config.ComponentConfig)Activator.CreateInstance(assembly.GetType("Users.TinyBackboneConfig")!)!;
        Assert.Equal("TinyBackbone", config.TypeName);
        Assert.Equal("Users.TinyBackbone", config.Build().GetType().FullName);
        var options = (Detect.Config.ComponentConfig)Activator.CreateInstance(assembly.GetType("Users.TinyOptionsConfig")!)!;
        var built = options.Build();
        Assert.Equal(2.0, built.GetType().GetProperty("Scale")!.GetValue(built));
        Assert.Equal("Exact", built.GetType().GetProperty("Kind")!.GetValue(built)!.ToString());
    }

    [Fact]
    public void Infinite_defaults_are_written_as_named_constants()
    {
        // "Infinity" is what double.ToString gives and no C# literal: the record must still compile.
        const string source = """
            using Detect.Config;

            namespace Users;

            public sealed class Ranges { public Ranges((double Low, double High)[] regressRanges, double upper) { RegressRanges = regressRanges; Upper = upper; } public (double Low, double High)[] RegressRanges { get; } public double Upper { get; } }

            /// <summary>Ranges.</summary>
            [Register("Ranges", Builds = typeof(Ranges))]
            public sealed class RangesAttribute : ComponentAttribute
            {
                /// <summary>Flat pairs.</summary>
                public double[] RegressRanges { get; set; } = [-1, 64, 64, double.PositiveInfinity];
                /// <summary>Upper bound.</summary>
                public double Upper { get; set; } = double.NegativeInfinity;
            }
            """;
        var run = GeneratorHarness.Generate(("Components/Ranges.cs", source));
        Assert.Empty(run.CompileErrors);
        var assembly = GeneratorHarness.Load(("Components/Ranges.cs", source));
        dynamic built = ((Detect.Config.ComponentConfig)Activator.CreateInstance(assembly.GetType("Users.RangesConfig")!)!).Build();
        Assert.Equal(new[] { (-1.0, 64.0), (64.0, double.PositiveInfinity) }, ((double, double)[])built.RegressRanges);
        Assert.Equal(double.NegativeInfinity, (double)built.Upper);
    }

    [Fact]
    public void A_property_inherited_from_a_kind_takes_its_default_from_the_concrete_constructor()
    {
        // The kind, declared in another file, builds nothing: each concrete record takes its own constructor's default.
        const string kind = """
            using Detect.Config;

            namespace Users;

            /// <summary>Sized things.</summary>
            [ComponentKind]
            public abstract class SizedAttribute : BackboneAttribute
            {
                /// <summary>Width.</summary>
                public int Width { get; set; }
                /// <summary>Name.</summary>
                public string? Name { get; set; }
            }
            """;
        const string concrete = """
            using Detect.Config;

            namespace Users;

            public sealed class Box { public Box(int width = 7, string name = "box") { Width = width; Name = name; } public int Width { get; } public string Name { get; } }
            public sealed class Disk { public Disk(int width = 3, string name = "") { Width = width; Name = name; } public int Width { get; } public string Name { get; } }

            /// <summary>A box.</summary>
            [Register("Box", Builds = typeof(Box))]
            public sealed class BoxAttribute : SizedAttribute;

            /// <summary>A disk.</summary>
            [Register("Disk", Builds = typeof(Disk))]
            public sealed class DiskAttribute : SizedAttribute;
            """;
        var run = GeneratorHarness.Generate(("Components/Sized.cs", kind), ("Components/Shapes.cs", concrete));
        Assert.Empty(run.CompileErrors);
        var assembly = GeneratorHarness.Load(("Components/Sized.cs", kind), ("Components/Shapes.cs", concrete));
        dynamic box = Activator.CreateInstance(assembly.GetType("Users.BoxConfig")!)!;
        dynamic disk = Activator.CreateInstance(assembly.GetType("Users.DiskConfig")!)!;
        Assert.Equal((7, "box"), ((int)box.Width, (string)box.Name));
        Assert.Equal((3, ""), ((int)disk.Width, (string)disk.Name));
        dynamic built = ((Detect.Config.ComponentConfig)box).Build();
        Assert.Equal((7, "box"), ((int)built.Width, (string)built.Name));
    }
}
