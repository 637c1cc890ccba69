"""The models moved to marketplace.members, .catalogue and .trade (decision 0009).

Their tables stay where they are, under the same names: this forgets them from this app's state
once the sub-apps and contracts have taken them over.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("marketplace", "0007_text_length_limits"),
        ("members", "0001_initial"),
        ("catalogue", "0002_relations"),
        ("trade", "0001_initial"),
        ("contracts", "0003_order_moved_to_trade"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='demand',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='demand',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='enterprise',
                    name='logo',
                ),
                migrations.RemoveField(
                    model_name='enterprise',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='order',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='enterpriseproduct',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='enterpriseproduct',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='enterpriseproduct',
                    name='taken_down_by',
                ),
                migrations.RemoveField(
                    model_name='enterpriseproductimage',
                    name='product',
                ),
                migrations.RemoveField(
                    model_name='enterpriseproductimage',
                    name='image',
                ),
                migrations.RemoveField(
                    model_name='evaluation',
                    name='order',
                ),
                migrations.RemoveField(
                    model_name='institution',
                    name='logo',
                ),
                migrations.RemoveField(
                    model_name='institution',
                    name='platform',
                ),
                migrations.RemoveField(
                    model_name='institution',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='serviceproduct',
                    name='institution',
                ),
                migrations.RemoveField(
                    model_name='qualification',
                    name='institution',
                ),
                migrations.RemoveField(
                    model_name='order',
                    name='institution',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='order',
                    name='service_product',
                ),
                migrations.RemoveField(
                    model_name='platformreviewtask',
                    name='task_ptr',
                ),
                migrations.RemoveField(
                    model_name='qualification',
                    name='latest_revision',
                ),
                migrations.RemoveField(
                    model_name='qualification',
                    name='live_revision',
                ),
                migrations.RemoveField(
                    model_name='qualification',
                    name='locked_by',
                ),
                migrations.RemoveField(
                    model_name='serviceproduct',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='serviceproduct',
                    name='cover',
                ),
                migrations.RemoveField(
                    model_name='serviceproduct',
                    name='latest_revision',
                ),
                migrations.RemoveField(
                    model_name='serviceproduct',
                    name='live_revision',
                ),
                migrations.RemoveField(
                    model_name='serviceproduct',
                    name='locked_by',
                ),
                migrations.RemoveField(
                    model_name='windowplatform',
                    name='reviewers',
                ),
                migrations.DeleteModel(
                    name='ContentReport',
                ),
                migrations.DeleteModel(
                    name='Demand',
                ),
                migrations.DeleteModel(
                    name='Enterprise',
                ),
                migrations.DeleteModel(
                    name='ProductCategory',
                ),
                migrations.DeleteModel(
                    name='EnterpriseProduct',
                ),
                migrations.DeleteModel(
                    name='EnterpriseProductImage',
                ),
                migrations.DeleteModel(
                    name='Evaluation',
                ),
                migrations.DeleteModel(
                    name='Institution',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
    
                migrations.DeleteModel(
                    name='Order',
                ),
                migrations.DeleteModel(
                    name='PlatformReviewTask',
                ),
                migrations.DeleteModel(
                    name='Qualification',
                ),
                migrations.DeleteModel(
                    name='ServiceCategory',
                ),
                migrations.DeleteModel(
                    name='ServiceProduct',
                ),
                migrations.DeleteModel(
                    name='WindowPlatform',
                ),
            ],
        ),
    ]
