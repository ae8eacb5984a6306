// The fulfilment module's public surface: picking lists per pickup point, shortages, pickup codes,
// shipments for delivery orders, and the notices members see.
export { addToLists, ordersOnLists, orderIdsOfList, getPickingList, listPickingLists, pickingListWorkbook, markList, recordShortages, type PickingListSummary, type PickingListDetail } from './services/picking-lists';
export { listFor, type PickingListRow } from './services/access';
export { issuePickupCode, lookupCode, markCodeUsed, assertNotLocked, countWrongCode, clearWrongCodes, notifyMembers, myPickupCode, MAX_WRONG_CODES, LOCK_MINUTES } from './services/pickup-codes';
export { insertShipment, lockShipment, setShipmentStatus, shipmentDto, shipmentsOfOrders } from './services/shipments';
export { FulfilmentErrors, PICKING_LIST_ENTITY } from './fulfilment.errors';
