"""Quotes, orders, stock operations, users and the audit log, over the store (no Qt).

Entry points (each runs its own short write transaction with a bounded retry and returns
frozen values): `placing.create_quote`, `placing.place_order`, `lifecycle.advance_order`,
`lifecycle.cancel_order`, `repricing.change_discount`, `stock.receive_goods`,
`stock.expect_receipt`, `stock.adjust_stock`, `stock.list_stock`, `views.get_order`,
`views.list_orders`, `auth.authenticate_user`, `staff.*`. Design: docs/store.md.
"""
