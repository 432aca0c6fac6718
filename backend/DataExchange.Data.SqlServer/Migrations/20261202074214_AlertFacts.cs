using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataExchange.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AlertFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Facts",
                table: "alerts",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Facts",
                table: "alerts");
        }
    }
}
