using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<AlertEntity>
{
    public void Configure(EntityTypeBuilder<AlertEntity> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(alert => alert.Id);
        builder.Property(alert => alert.Key).HasMaxLength(400);
        builder.Property(alert => alert.Rule).HasMaxLength(60);
        builder.Property(alert => alert.Agency).HasMaxLength(32);
        builder.Property(alert => alert.Status).HasMaxLength(16);
        builder.Property(alert => alert.Version).IsConcurrencyToken();
        builder.HasIndex(alert => new { alert.ChildId, alert.Key });
        builder.HasIndex(alert => new { alert.Agency, alert.Status });
    }
}
